// The Elasticsearch query DSL subset used in Kibana rule filters (wildcard, term, match_phrase, exists, bool).
import { and, type Expr, not, or } from '../../ir/expr.js';
import type { WildcardPart } from '../../ir/matcher.js';
import { matcherFromParts, normalize } from '../sigma/sigma-string.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Elasticsearch wildcard syntax: `*`, `?`, and `\` escaping the next character. */
function wildcardParts(pattern: string): WildcardPart[] {
  const parts: WildcardPart[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) parts.push({ type: 'literal', text: pattern[++i]! });
    else if (ch === '*') parts.push({ type: 'any' });
    else if (ch === '?') parts.push({ type: 'one' });
    else parts.push({ type: 'literal', text: ch });
  }
  return normalize(parts);
}

function fieldClause(kind: string, body: unknown): Expr {
  if (!isRaw(body)) throw new Error(`filter '${kind}' must be an object`);
  const entries = Object.entries(body);
  if (entries.length !== 1) throw new Error(`filter '${kind}' must name exactly one field`);
  const [field, spec] = entries[0]!;
  const options = isRaw(spec) ? spec : { value: spec };
  const value = options.value ?? options.query;
  const caseSensitive = options.case_insensitive !== true;
  if (kind === 'wildcard') {
    if (typeof value !== 'string') throw new Error('wildcard filter needs a string value');
    return { kind: 'match', field, matcher: matcherFromParts(wildcardParts(value), caseSensitive) };
  }
  if (typeof value === 'number') return { kind: 'match', field, matcher: { kind: 'number', value } };
  if (typeof value === 'boolean') return { kind: 'match', field, matcher: { kind: 'bool', value } };
  if (typeof value !== 'string') throw new Error(`${kind} filter needs a value`);
  return { kind: 'match', field, matcher: { kind: 'string', op: 'equals', value, caseSensitive } };
}

function boolClause(body: unknown): Expr {
  if (!isRaw(body)) throw new Error("filter 'bool' must be an object");
  const list = (key: string) =>
    (Array.isArray(body[key]) ? (body[key] as unknown[]) : body[key] ? [body[key]] : []).map(queryExpr);
  const parts: Expr[] = [...list('must'), ...list('filter'), ...list('must_not').map(not)];
  const should = list('should');
  if (should.length) parts.push(or(should));
  return and(parts);
}

/** Translates one DSL query object into an expression; throws on clauses it does not know. */
export function queryExpr(query: unknown): Expr {
  if (!isRaw(query)) throw new Error('filter query must be an object');
  const [kind, body] = Object.entries(query)[0] ?? [];
  switch (kind) {
    case 'wildcard':
    case 'term':
    case 'match_phrase':
    case 'match':
      return fieldClause(kind, body);
    case 'exists':
      if (!isRaw(body) || typeof body.field !== 'string') throw new Error("filter 'exists' needs a field");
      return { kind: 'exists', field: body.field };
    case 'bool':
      return boolClause(body);
    default:
      throw new Error(`filter query '${kind ?? 'empty'}' is not supported`);
  }
}

/** Kibana rule filters: each `{meta: {negate, disabled}, query | exists}` AND-ed with the rule's query. */
export function filtersExpr(filters: unknown[]): Expr {
  const parts: Expr[] = [];
  for (const filter of filters) {
    if (!isRaw(filter)) throw new Error('each filter must be a table');
    const meta = isRaw(filter.meta) ? filter.meta : {};
    if (meta.disabled === true) continue;
    const expr = filter.query !== undefined ? queryExpr(filter.query) : queryExpr({ exists: filter.exists });
    parts.push(meta.negate === true ? not(expr) : expr);
  }
  return and(parts);
}
