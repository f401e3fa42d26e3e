// Read access to one event: dotted paths into nested objects or flat dotted keys, arrays, cached per event.

/** A JSON object as read from the input. */
export type JsonObject = Record<string, unknown>;

const NONE: readonly unknown[] = Object.freeze([]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Windows event JSON keeps an element's text beside its attributes as `#text`: read the text. */
function unwrapText(value: unknown): unknown {
  return isObject(value) && Object.hasOwn(value, '#text') ? value['#text'] : value;
}

function collect(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) collect(value[i], out);
  else out.push(unwrapText(value));
}

/**
 * A dotted path with each split into a first key and the rest, worked out once per path; with the values it
 * had in the view that last read it (events are read one at a time, so this cache needs no per-event map).
 */
interface PathPlan {
  path: string;
  splits: [head: string, rest: PathPlan][];
  /** For a path with `*`: the pattern it matches dotted leaf paths with. */
  glob: RegExp | undefined;
  lastView: EventView | undefined;
  lastValues: readonly unknown[];
}

/** A field name worked out for reading (see `fieldPath`); opaque outside this module. */
export type FieldPath = Readonly<PathPlan>;

const plans = new Map<string, PathPlan>();

function planOf(path: string): PathPlan {
  let plan = plans.get(path);
  if (!plan) {
    plan = { path, splits: [], glob: undefined, lastView: undefined, lastValues: NONE };
    if (path.includes('*')) plan.glob = globToRegExp(path);
    else
      for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1))
        plan.splits.push([path.slice(0, dot), planOf(path.slice(dot + 1))]);
    plans.set(path, plan);
  }
  return plan;
}

/** The field's reading plan, for callers that read it from many events (`EventView.valuesAt`). */
export function fieldPath(field: string): FieldPath {
  return planOf(field);
}

/** An own property's value; JSON never holds undefined, so a missing key costs one lookup. */
function own(node: JsonObject, key: string): unknown {
  const value = node[key];
  return value !== undefined && Object.hasOwn(node, key) ? value : undefined;
}

/** Values at a dotted path: tries the flat key first, then every split of the path into nested keys. */
function resolve(node: unknown, plan: PathPlan, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) resolve(node[i], plan, out);
    return;
  }
  if (!isObject(node)) return;
  const direct = own(node, plan.path);
  if (direct !== undefined) {
    collect(direct, out);
    return;
  }
  for (let i = 0; i < plan.splits.length; i++) {
    const [head, rest] = plan.splits[i]!;
    const child = own(node, head);
    if (child !== undefined) resolve(child, rest, out);
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Every scalar leaf of an object with its dotted path. */
export function leaves(node: unknown, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) {
    for (const item of node) leaves(item, prefix, out);
    return out;
  }
  if (isObject(node)) {
    if (Object.hasOwn(node, '#text') && prefix) {
      out.push([prefix, node['#text']]);
      return out;
    }
    for (const key of Object.keys(node)) leaves(node[key], prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  out.push([prefix, node]);
  return out;
}

/** Pushes every scalar leaf value (what `leaves` yields, without paths); `named`: the path so far is not empty. */
function collectLeaves(node: unknown, named: boolean, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) collectLeaves(node[i], named, out);
    return;
  }
  if (isObject(node)) {
    if (named && Object.hasOwn(node, '#text')) {
      out.push(node['#text']);
      return;
    }
    // for-in reads V8's cached key list of the object's shape; Object.keys would allocate an array per object.
    for (const key in node) collectLeaves(node[key], named || key !== '', out);
    return;
  }
  out.push(node);
}

/**
 * What a text turned into, for the last two texts asked about: the tests of one rule (and of the next candidate)
 * mostly read the same value, such as the command line, in turn; a map per event cost more than it saved.
 */
class LastTwo<T> {
  private lastText: string | undefined;
  private lastValue: T | undefined;
  private olderText: string | undefined;
  private olderValue: T | undefined;

  constructor(private readonly compute: (text: string) => T) {}

  get(text: string): T {
    if (text === this.lastText) return this.lastValue!;
    if (text === this.olderText) return this.olderValue!;
    this.olderText = this.lastText;
    this.olderValue = this.lastValue;
    this.lastText = text;
    this.lastValue = this.compute(text);
    return this.lastValue;
  }
}

const toLower = (text: string) => text.toLowerCase();
const toUtf8 = (text: string) => Buffer.from(text, 'utf8');

/** One event with per-event caches, so many rules reading the same field pay for the lookup once. */
export class EventView {
  private scalars: unknown[] | undefined;
  private leafEntries: [string, unknown][] | undefined;
  private lowered: LastTwo<string> | undefined;
  private encoded: LastTwo<Buffer> | undefined;

  constructor(readonly raw: JsonObject) {}

  /** Values of a field (array elements flattened); empty when the field is missing. `*` in the name globs paths. */
  values(field: string): readonly unknown[] {
    return this.valuesAt(planOf(field));
  }

  /** As `values`, for a field path worked out once. */
  valuesAt(path: FieldPath): readonly unknown[] {
    const plan = path as PathPlan;
    if (plan.lastView === this) return plan.lastValues;
    const out: unknown[] = [];
    const glob = plan.glob;
    if (glob) {
      this.leafEntries ??= leaves(this.raw); // once per event, however many glob paths are read
      for (const [path, value] of this.leafEntries) if (glob.test(path)) out.push(value);
    } else resolve(this.raw, plan, out);
    plan.lastView = this;
    plan.lastValues = out.length ? out : NONE;
    return plan.lastValues;
  }

  /** Lower-cased text. */
  lower(text: string): string {
    this.lowered ??= new LastTwo(toLower);
    return this.lowered.get(text);
  }

  /** UTF-8 bytes of a text (what RE2 reads). */
  utf8(text: string): Buffer {
    this.encoded ??= new LastTwo(toUtf8);
    return this.encoded.get(text);
  }

  /** Every scalar value of the event, for fieldless keyword search. */
  allValues(): readonly unknown[] {
    if (!this.scalars) {
      this.scalars = [];
      collectLeaves(this.raw, false, this.scalars);
    }
    return this.scalars;
  }
}
