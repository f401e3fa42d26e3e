// One Sigma detection item (`field|mod|mod: values`) turned into an IR expression, modifier by modifier.
import ipaddr from 'ipaddr.js';
import { and, type Expr, type FieldTransform, match, not, or } from '../../ir/expr.js';
import type { CompareOp, Matcher, RegexFlags, StringOp } from '../../ir/matcher.js';
import { checkRegex } from '../../util/safe-regex.js';
import { applyEncoding, ENCODING_MODIFIERS, type EncodedValue, encodedToText } from './encodings.js';
import { expandPlaceholders, type Placeholders } from './placeholders.js';
import { parseSigmaString, toMatcher } from './sigma-string.js';

const POSITION = new Set<string>(['contains', 'startswith', 'endswith']);
const COMPARE = new Set<string>(['lt', 'lte', 'gt', 'gte']);
const TIME_PARTS = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const REGEX_FLAGS: Record<string, keyof RegexFlags> = {
  i: 'ignoreCase',
  ignorecase: 'ignoreCase',
  m: 'multiline',
  multiline: 'multiline',
  s: 'dotAll',
  dotall: 'dotAll',
};

export interface ItemContext {
  placeholders?: Placeholders;
  /** Placeholder names left unresolved, collected for the rule's notEvaluable list. */
  unresolved: Set<string>;
}

interface Modifiers {
  position: StringOp;
  all: boolean;
  cased: boolean;
  neq: boolean;
  re: boolean;
  regexFlags: RegexFlags;
  cidr: boolean;
  exists: boolean;
  fieldref: boolean;
  expand: boolean;
  compare?: CompareOp;
  timePart?: Extract<FieldTransform, { kind: 'datepart' }>['part'];
  encodings: string[];
}

function parseModifiers(names: string[]): Modifiers {
  const mods: Modifiers = {
    position: 'equals',
    all: false,
    cased: false,
    neq: false,
    re: false,
    regexFlags: { ignoreCase: false, multiline: false, dotAll: false },
    cidr: false,
    exists: false,
    fieldref: false,
    expand: false,
    encodings: [],
  };
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (POSITION.has(name)) mods.position = name as StringOp;
    else if (ENCODING_MODIFIERS.has(name)) mods.encodings.push(name);
    else if (COMPARE.has(name)) mods.compare = name as CompareOp;
    else if (TIME_PARTS.has(name)) mods.timePart = name as Modifiers['timePart'];
    else if (name in REGEX_FLAGS) mods.regexFlags[REGEX_FLAGS[name]!] = true;
    else if (name === 'all') mods.all = true;
    else if (name === 'cased') mods.cased = true;
    else if (name === 'neq') mods.neq = true;
    else if (name === 're') mods.re = true;
    else if (name === 'cidr') mods.cidr = true;
    else if (name === 'exists') mods.exists = true;
    else if (name === 'fieldref') mods.fieldref = true;
    else if (name === 'expand') mods.expand = true;
    else throw new Error(`unknown modifier '${raw}'`);
  }
  const flagsUsed = Object.values(mods.regexFlags).some(Boolean);
  if (flagsUsed && !mods.re) throw new Error("regex flag modifiers (i, m, s) need the 're' modifier");
  if (mods.re && (mods.encodings.length > 0 || mods.position !== 'equals' || mods.cidr || mods.fieldref))
    throw new Error(
      "modifier 're' cannot be combined with string position, encoding, cidr or fieldref modifiers",
    );
  return mods;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
}

/** The matchers one plain value expands to (OR-ed): several for windash/base64offset/placeholder lists. */
function valueMatchers(value: unknown, mods: Modifiers, ctx: ItemContext): Matcher[] {
  if (value === null) return [{ kind: 'null' }];
  if (typeof value === 'boolean' && !mods.encodings.length) return [{ kind: 'bool', value }];
  if (typeof value === 'number' && mods.position === 'equals' && !mods.encodings.length && !mods.re)
    return [{ kind: 'number', value }];
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw new Error(`a ${describe(value)} is not a valid detection value`);
  const text = String(value);
  if (mods.re) {
    checkRegex(text);
    return [{ kind: 'regex', pattern: text, flags: { ...mods.regexFlags } }];
  }
  if (mods.cidr) {
    if (!ipaddr.isValidCIDR(text)) throw new Error(`'${text}' is not a valid CIDR network`);
    return [{ kind: 'cidr', cidr: text }];
  }
  let texts: string[] = [text];
  if (mods.expand) {
    const expanded = expandPlaceholders(text, ctx.placeholders);
    if (expanded.unresolved.length) {
      for (const name of expanded.unresolved) ctx.unresolved.add(name);
      return expanded.unresolved.map((name) => ({ kind: 'placeholder', name }));
    }
    texts = expanded.values;
  }
  let variants: EncodedValue[] = texts.map((t) => ({ kind: 'text', value: parseSigmaString(t) }));
  for (const encoding of mods.encodings) variants = variants.flatMap((v) => applyEncoding(encoding, v));
  return variants.map((v) => toMatcher(encodedToText(v), mods.position, mods.cased));
}

function compareItem(field: string, values: unknown[], mods: Modifiers, transform?: FieldTransform): Expr[] {
  return values.map((value) => {
    if (typeof value === 'number')
      return match(field, { kind: 'compare', op: mods.compare!, value, type: 'number' }, transform);
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      return match(field, { kind: 'compare', op: mods.compare!, value, type: 'date' }, transform);
    throw new Error(`modifier '${mods.compare}' needs a number or a date, got ${describe(value)}`);
  });
}

function fieldrefItem(field: string, values: unknown[], mods: Modifiers): Expr[] {
  return values.map((value) => {
    if (typeof value !== 'string' || !value)
      throw new Error("modifier 'fieldref' needs a field name as value");
    return { kind: 'fieldref', field, other: value, op: mods.position, caseSensitive: mods.cased };
  });
}

function existsItem(field: string, values: unknown[]): Expr {
  if (values.length !== 1 || typeof values[0] !== 'boolean')
    throw new Error("modifier 'exists' needs true or false");
  const exists: Expr = { kind: 'exists', field };
  return values[0] ? exists : not(exists);
}

/** Builds the expression of one detection item; `field` is null for keyword (fieldless) items. */
export function detectionItem(
  field: string | null,
  modifierNames: string[],
  raw: unknown,
  ctx: ItemContext,
): Expr {
  const mods = parseModifiers(modifierNames);
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new Error('empty value list');
  if (field === null) {
    if (mods.exists || mods.fieldref || mods.compare || mods.timePart)
      throw new Error('keyword detections cannot use exists, fieldref, comparison or time modifiers');
    const keywords: Expr[] = values.flatMap((v) =>
      valueMatchers(v, mods, ctx).map((m): Expr => ({ kind: 'keyword', matcher: m })),
    );
    return combine(keywords, mods);
  }
  if (mods.exists) return existsItem(field, values);
  const transform: FieldTransform | undefined = mods.timePart
    ? { kind: 'datepart', part: mods.timePart }
    : undefined;
  let items: Expr[];
  if (mods.fieldref) items = fieldrefItem(field, values, mods);
  else if (mods.compare) items = compareItem(field, values, mods, transform);
  else items = values.map((v) => or(valueMatchers(v, mods, ctx).map((m) => match(field, m, transform))));
  return combine(items, mods);
}

function combine(items: Expr[], mods: Modifiers): Expr {
  const joined = mods.all ? and(items) : or(items);
  return mods.neq ? not(joined) : joined;
}
