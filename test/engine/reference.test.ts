// The optimised engine against a plain reference evaluator: all corpus rules over a generated event set agree.
import { existsSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../bench/generate.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { matchEvents } from '../../src/engine/match-stream.js';
import { nativeAddon, SCREEN_BY_JS } from '../../src/engine/native/native-addon.js';
import { matchJob, PieceMatcher } from '../../src/engine/parallel/match-pieces.js';
import { hasEventCondition } from '../../src/engine/schema-plan.js';
import { detectSchema } from '../../src/engine/schemas.js';
import { loadRules } from '../../src/formats/load-rules.js';
import type { EventItem } from '../../src/io/read-events.js';
import type { Expr, FieldTransform } from '../../src/ir/expr.js';
import type { Matcher, WildcardPart } from '../../src/ir/matcher.js';
import type { LogicMode, Rule } from '../../src/ir/rule.js';
import { mapRule } from '../../src/taxonomy/map-rule.js';
import { absentNote, ELASTIC_CORPUS, SIGMA_CORPUS } from '../helpers/shared.js';

// ---- The reference: no caches, no prefilter, no merged tests; each rule's mapped expression walked as written. ----

type Truth = boolean | null;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens arrays and reads `#text` beside attributes, as a field's values. */
function addValues(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) addValues(item, out);
  else out.push(isObject(value) && Object.hasOwn(value, '#text') ? value['#text'] : value);
}

/** Values at a dotted path: the flat key when present, else every split of the path into a key and the rest. */
function pathValues(node: unknown, path: string, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) pathValues(item, path, out);
    return;
  }
  if (!isObject(node)) return;
  if (Object.hasOwn(node, path)) {
    addValues(node[path], out);
    return;
  }
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const key = path.slice(0, dot);
    if (Object.hasOwn(node, key)) pathValues(node[key], path.slice(dot + 1), out);
  }
}

/** Every scalar leaf with its dotted path (an element with `#text` counts as its text). */
function leafPairs(node: unknown, path: string, out: [string, unknown][]): void {
  if (Array.isArray(node)) for (const item of node) leafPairs(item, path, out);
  else if (isObject(node) && path !== '' && Object.hasOwn(node, '#text')) out.push([path, node['#text']]);
  else if (isObject(node))
    for (const key of Object.keys(node)) leafPairs(node[key], path ? `${path}.${key}` : key, out);
  else out.push([path, node]);
}

/** Every leaf of an event, worked out once per event (the reference is slow enough without repeating it). */
const leavesOf = new WeakMap<JsonObject, [string, unknown][]>();
function eventLeaves(event: JsonObject): [string, unknown][] {
  let leaves = leavesOf.get(event);
  if (!leaves) {
    leaves = [];
    leafPairs(event, '', leaves);
    leavesOf.set(event, leaves);
  }
  return leaves;
}

const globs = new Map<string, RegExp>();
function fieldGlob(field: string): RegExp {
  let glob = globs.get(field);
  if (!glob) {
    glob = new RegExp(`^${field.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);
    globs.set(field, glob);
  }
  return glob;
}

function fieldValues(event: JsonObject, field: string): unknown[] {
  const out: unknown[] = [];
  if (!field.includes('*')) pathValues(event, field, out);
  else {
    const glob = fieldGlob(field);
    for (const [path, value] of eventLeaves(event)) if (glob.test(path)) out.push(value);
  }
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value
    : ['number', 'boolean', 'bigint'].includes(typeof value)
      ? String(value)
      : undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

function toDate(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value.includes(' ') && !value.includes('T') ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(t) ? undefined : t;
}

function wildcardSource(parts: readonly WildcardPart[]): string {
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^${parts.map((p) => (p.type === 'literal' ? quote(p.text) : p.type === 'any' ? '.*' : '.')).join('')}$`;
}

/** The regex a wildcard or regex matcher stands for, built once per matcher. */
const regexes = new WeakMap<Matcher, RE2>();
function regexOf(matcher: Matcher & { kind: 'wildcard' | 'regex' }): RE2 {
  let re = regexes.get(matcher);
  if (!re) {
    if (matcher.kind === 'wildcard')
      re = new RE2(wildcardSource(matcher.parts), matcher.caseSensitive ? 'us' : 'uis');
    else {
      const f = matcher.flags;
      re = new RE2(
        matcher.pattern,
        `u${f.ignoreCase ? 'i' : ''}${f.multiline ? 'm' : ''}${f.dotAll ? 's' : ''}`,
      );
    }
    regexes.set(matcher, re);
  }
  return re;
}

function matches(matcher: Matcher, value: unknown): boolean {
  const t = text(value);
  switch (matcher.kind) {
    case 'string': {
      if (t === undefined) return false;
      const [a, b] = matcher.caseSensitive
        ? [t, matcher.value]
        : [t.toLowerCase(), matcher.value.toLowerCase()];
      if (matcher.op === 'equals') return a === b;
      if (matcher.op === 'contains') return a.includes(b);
      return matcher.op === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'wildcard':
    case 'regex':
      return t !== undefined && regexOf(matcher).test(t);
    case 'cidr': {
      if (typeof value !== 'string' || !ipaddr.isValid(value)) return false;
      const [network, bits] = ipaddr.parseCIDR(matcher.cidr);
      let address = ipaddr.parse(value);
      if (
        address.kind() === 'ipv6' &&
        network.kind() === 'ipv4' &&
        (address as ipaddr.IPv6).isIPv4MappedAddress()
      )
        address = (address as ipaddr.IPv6).toIPv4Address();
      return address.kind() === network.kind() && address.match(network, bits);
    }
    case 'number':
      return toNumber(value) === matcher.value;
    case 'compare': {
      const sign = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
      let order: number | undefined;
      if (matcher.type === 'string') {
        const bound = String(matcher.value);
        order = typeof value === 'string' ? (value < bound ? -1 : value > bound ? 1 : 0) : undefined;
      } else {
        const parse = matcher.type === 'date' ? toDate : toNumber;
        const [v, bound] = [parse(value), parse(matcher.value)];
        order = v === undefined || bound === undefined ? undefined : sign(v, bound);
      }
      if (order === undefined) return false;
      return { lt: order < 0, lte: order <= 0, gt: order > 0, gte: order >= 0 }[matcher.op];
    }
    case 'null':
      return value === null;
    case 'bool':
      return (
        value === matcher.value ||
        (typeof value === 'string' && value.toLowerCase() === String(matcher.value))
      );
    case 'placeholder':
      return false;
  }
}

function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  return Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
}

function transformed(transform: FieldTransform | undefined, value: unknown): unknown {
  if (!transform) return value;
  if (transform.kind === 'length') return typeof value === 'string' ? value.length : undefined;
  const t = toDate(value);
  if (t === undefined) return undefined;
  const d = new Date(t);
  const parts = {
    minute: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    day: d.getUTCDate(),
    week: isoWeek(d),
    month: d.getUTCMonth() + 1,
    year: d.getUTCFullYear(),
  };
  return parts[transform.part];
}

function evaluate(expr: Expr, event: JsonObject, mode: LogicMode): Truth {
  const ternary = mode === 'ternary';
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'and': {
      const results = expr.children.map((c) => evaluate(c, event, mode));
      return results.includes(false) ? false : results.includes(null) ? null : true;
    }
    case 'or': {
      const results = expr.children.map((c) => evaluate(c, event, mode));
      return results.includes(true) ? true : results.includes(null) ? null : false;
    }
    case 'not': {
      const r = evaluate(expr.child, event, mode);
      return r === null ? null : !r;
    }
    case 'match': {
      const values = fieldValues(event, expr.field).map((v) => transformed(expr.transform, v));
      if (!values.length) return expr.matcher.kind === 'null' ? true : ternary ? null : false;
      if (values.some((v) => matches(expr.matcher, v))) return true;
      return ternary && values.some((v) => v === null || v === undefined) ? null : false;
    }
    case 'exists':
      return fieldValues(event, expr.field).length > 0;
    case 'keyword':
      return eventLeaves(event).some(([, v]) => text(v) !== undefined && matches(expr.matcher, v));
    case 'fieldref': {
      const left = fieldValues(event, expr.field);
      const right = fieldValues(event, expr.other);
      if (!left.length || !right.length) return ternary ? null : false;
      const norm = (s: string) => (expr.caseSensitive ? s : s.toLowerCase());
      const op = {
        equals: (a: string, b: string) => a === b,
        contains: (a: string, b: string) => a.includes(b),
        startswith: (a: string, b: string) => a.startsWith(b),
        endswith: (a: string, b: string) => a.endsWith(b),
      }[expr.op];
      return left.some((a) =>
        right.some(
          (b) => text(a) !== undefined && text(b) !== undefined && op(norm(text(a)!), norm(text(b)!)),
        ),
      );
    }
    case 'nested':
      return fieldValues(event, expr.path).some(
        (item) => isObject(item) && evaluate(expr.child, item, mode) === true,
      );
  }
}

// ---- The comparison ----

const EVENTS = 2_000;
const present = existsSync(SIGMA_CORPUS);

interface Comparison {
  rules: Rule[];
  lines: string[];
  schemaNames: string[];
  /** Per line: its schema and the rules the reference finds true, ascending. */
  expected: { schema: string; matches: number[] }[];
}

let comparison: Promise<Comparison> | undefined;

/** The corpus rules, the generated events and the reference's matches, worked out once for both engines. */
function referenceMatches(): Promise<Comparison> {
  comparison ??= (async () => {
    const paths = existsSync(ELASTIC_CORPUS) ? [SIGMA_CORPUS, ELASTIC_CORPUS] : [SIGMA_CORPUS];
    const rules: Rule[] = (await loadRules(paths)).rules;
    const lines = [...generateEvents({ count: EVENTS, seed: 7, rules, plantShare: 0.02 })].map((e) => e.line);
    const schemas = huntSchemas('auto');
    const mapped = new Map<string, { index: number; detection: Expr; logic: LogicMode }[]>();
    const rulesFor = (schema: (typeof schemas)[number]) => {
      let list = mapped.get(schema.name);
      if (!list) {
        list = [];
        rules.forEach((rule, index) => {
          const pipeline = schema.pipelines[rule.taxonomy];
          if (!hasEventCondition(rule) || !pipeline) return;
          try {
            list!.push({ index, detection: mapRule(rule, pipeline).detection, logic: rule.logic });
          } catch {
            // no mapping for this schema: the rule does not run on it
          }
        });
        mapped.set(schema.name, list);
      }
      return list;
    };
    const expected = lines.map((line) => {
      const event = JSON.parse(line) as JsonObject;
      const schema = detectSchema(schemas, new EventView(event));
      const matches = rulesFor(schema)
        .filter((r) => evaluate(r.detection, event, r.logic) === true)
        .map((r) => r.index);
      return { schema: schema.name, matches };
    });
    return { rules, lines, schemaNames: schemas.map((schema) => schema.name), expected };
  })();
  return comparison;
}

/** Lines where the engine's matches differ from the reference's, described (at most 50). */
function disagreements({ rules, expected }: Comparison, engine: number[][]): string[] {
  const out: string[] = [];
  expected.forEach(({ schema, matches }, i) => {
    const got = engine[i]!;
    if (JSON.stringify(got) !== JSON.stringify(matches) && out.length < 50) {
      const missing = matches.filter((x) => !got.includes(x)).map((x) => rules[x]!.meta.title);
      const extra = got.filter((x) => !matches.includes(x)).map((x) => rules[x]!.meta.title);
      out.push(
        `event ${i + 1} (${schema}): engine misses ${JSON.stringify(missing)}, adds ${JSON.stringify(extra)}`,
      );
    }
  });
  return out;
}

describe.skipIf(!present)(`engine against the reference evaluator${absentNote(SIGMA_CORPUS)}`, () => {
  it(`finds the same matches for all corpus rules over ${EVENTS} generated events`, async () => {
    const compared = await referenceMatches();
    const { rules, lines } = compared;
    async function* items(): AsyncGenerator<EventItem> {
      for (let i = 0; i < lines.length; i++)
        yield { record: { event: JSON.parse(lines[i]!) as JsonObject, file: 'generated', line: i + 1 } };
    }
    const engine: number[][] = [];
    for await (const item of matchEvents(rules, huntSchemas('auto'), items()))
      if ('matched' in item) engine.push(item.matched.matches);

    expect(engine.length).toBe(EVENTS);
    expect(disagreements(compared, engine)).toEqual([]);
    const total = compared.expected.reduce((sum, e) => sum + e.matches.length, 0);
    expect(total).toBeGreaterThan(1000);
    expect(new Set(compared.expected.flatMap((e) => e.matches)).size).toBeGreaterThan(50);
  }, 600_000);

  it.skipIf(!nativeAddon())(
    `finds the same matches with native screening over the same events as text${nativeAddon() ? '' : ' (SKIPPED: native addon not built)'}`,
    async () => {
      const compared = await referenceMatches();
      const matcher = new PieceMatcher(compared.rules, huntSchemas('auto'));
      expect(matcher.screening).toBeDefined();
      const bytes = Buffer.from(`${compared.lines.join('\n')}\n`);
      // Three times: the first event of each schema is matched in JS (which compiles the schema); in the second run
      // JS evaluates each rule's first candidate event and hands its program over; the third is evaluated natively.
      for (let run = 0; run < 3; run++) {
        const result = matchJob(matcher, {
          kind: 'text',
          file: 'generated',
          line: 1,
          bytes,
          end: 'file',
          id: 0,
        });
        const engine = [...result.matchEnd].map((end, i) => [
          ...result.matches.subarray(i ? result.matchEnd[i - 1] : 0, end),
        ]);
        expect(engine.length).toBe(EVENTS);
        expect([...result.schema].map((s) => compared.schemaNames[s])).toEqual(
          compared.expected.map((e) => e.schema),
        );
        expect(disagreements(compared, engine)).toEqual([]);
      }
      const screened = matcher.screening!.screen(bytes, 0, 1);
      expect(screened.schema.filter((s) => s === SCREEN_BY_JS).length).toBeLessThan(EVENTS / 100);
    },
    600_000,
  );
});
