// Renders the leaves of a condition as SQL: field matches, exists, fieldless keywords, field-to-field comparisons.
import type { ExistsExpr, FieldRefExpr, FieldTransform, KeywordExpr, MatchExpr } from '../../ir/expr.js';
import type { CompareMatcher, Matcher } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import { cidrPredicate } from './cidr.js';
import { columnOf, type SqlContext } from './context.js';
import { sqlString } from './literal.js';
import { regexPredicate } from './regex.js';
import { partsOfStringOp, textPredicate } from './text-match.js';
import { numberLiteral, numberOf, timestampLiteral, timestampOf } from './typed-text.js';

/** Rendered SQL; `partial` when it is NULL for some present values too, not only for a missing field. */
interface Predicate {
  sql: string;
  partial: boolean;
}

const COMPARE_OPERATORS: Record<CompareMatcher['op'], string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** SQL of a field that the table lacks: unknown, which two-valued logic reads as no match. */
const MISSING = 'NULL';

function comparePredicate(ctx: SqlContext, subject: string, matcher: CompareMatcher): Predicate {
  const op = COMPARE_OPERATORS[matcher.op];
  if (matcher.type === 'number') {
    return {
      sql: `${numberOf(ctx.dialect, subject)} ${op} ${numberLiteral(Number(matcher.value))}`,
      partial: true,
    };
  }
  if (matcher.type === 'date') {
    const value = timestampLiteral(ctx.dialect, String(matcher.value));
    return { sql: `${timestampOf(ctx.dialect, subject)} ${op} ${value}`, partial: true };
  }
  return {
    sql: `${subject}${ctx.dialect.codePointCollation} ${op} ${sqlString(String(matcher.value))}`,
    partial: false,
  };
}

/** A matcher applied to the text value `subject` (a non-null column). */
function matcherPredicate(ctx: SqlContext, subject: string, matcher: Matcher): Predicate {
  const { dialect } = ctx;
  switch (matcher.kind) {
    case 'string':
      return {
        sql: textPredicate(
          dialect,
          subject,
          partsOfStringOp(matcher.op, matcher.value),
          matcher.caseSensitive,
        ),
        partial: false,
      };
    case 'wildcard':
      return { sql: textPredicate(dialect, subject, matcher.parts, matcher.caseSensitive), partial: false };
    case 'regex':
      return { sql: regexPredicate(dialect, subject, matcher), partial: false };
    case 'cidr':
      return { sql: cidrPredicate(dialect, subject, matcher.cidr), partial: true };
    case 'number':
      return { sql: `${numberOf(dialect, subject)} = ${numberLiteral(matcher.value)}`, partial: true };
    case 'compare':
      return comparePredicate(ctx, subject, matcher);
    case 'bool':
      return { sql: `${dialect.lower}(${subject}) = ${sqlString(String(matcher.value))}`, partial: false };
    case 'null':
      return { sql: `${subject} IS NULL`, partial: false };
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `unresolved placeholder %${matcher.name}%`);
  }
}

/**
 * A number computed from the column (`length`, a date part) and matched numerically. A value the transform
 * cannot read (text that is no date) is unknown in EQL logic, as in the native engine: not `partial`.
 */
function transformedPredicate(
  ctx: SqlContext,
  column: string,
  transform: FieldTransform,
  matcher: Matcher,
): Predicate {
  const value =
    transform.kind === 'length'
      ? `length(${column})`
      : `EXTRACT(${transform.part.toUpperCase()} FROM ${timestampOf(ctx.dialect, column)} AT TIME ZONE 'UTC')`;
  if (matcher.kind === 'number') return { sql: `${value} = ${numberLiteral(matcher.value)}`, partial: false };
  if (matcher.kind === 'compare' && matcher.type === 'number') {
    const op = COMPARE_OPERATORS[matcher.op];
    return { sql: `${value} ${op} ${numberLiteral(Number(matcher.value))}`, partial: false };
  }
  throw new UnsupportedConstruct('transform', `${matcher.kind} matcher on ${transform.kind}`);
}

/**
 * In three-valued (EQL) logic a leaf is NULL exactly when its field is missing: a present value the guard
 * rejects (text that is no number) is a plain non-match.
 */
function settled(ctx: SqlContext, column: string, predicate: Predicate): string {
  if (ctx.logic !== 'ternary' || !predicate.partial) return predicate.sql;
  return `CASE WHEN ${column} IS NOT NULL THEN COALESCE(${predicate.sql}, FALSE) END`;
}

export function matchSql(ctx: SqlContext, expr: MatchExpr): string {
  const column = columnOf(ctx, expr.field);
  if (expr.matcher.kind === 'null') return column === undefined ? 'TRUE' : `${column} IS NULL`;
  if (column === undefined) return MISSING;
  const predicate = expr.transform
    ? transformedPredicate(ctx, column, expr.transform, expr.matcher)
    : matcherPredicate(ctx, column, expr.matcher);
  return settled(ctx, column, predicate);
}

export function existsSql(ctx: SqlContext, expr: ExistsExpr): string {
  const column = columnOf(ctx, expr.field);
  return column === undefined ? 'FALSE' : `${column} IS NOT NULL`;
}

/** Fieldless search: the matcher over every column of the table, so it needs the column list. */
export function keywordSql(ctx: SqlContext, expr: KeywordExpr): string {
  if (!ctx.columns)
    throw new UnsupportedConstruct('keyword', 'fieldless search needs the table\u2019s column list');
  if (expr.matcher.kind === 'null')
    throw new UnsupportedConstruct('keyword', 'a fieldless null has no meaning');
  const columns = [...ctx.columns].map((field) => columnOf(ctx, field)!);
  if (columns.length === 0) return 'FALSE';
  const any = columns
    .map((column) => settled(ctx, column, matcherPredicate(ctx, column, expr.matcher)))
    .join(' OR ');
  return ctx.logic === 'ternary' ? `COALESCE(${any}, FALSE)` : `(${any})`;
}

export function fieldRefSql(ctx: SqlContext, expr: FieldRefExpr): string {
  const field = columnOf(ctx, expr.field);
  const other = columnOf(ctx, expr.other);
  if (field === undefined || other === undefined) return MISSING;
  const [value, wanted] = expr.caseSensitive
    ? [field, other]
    : [`${ctx.dialect.lower}(${field})`, `${ctx.dialect.lower}(${other})`];
  switch (expr.op) {
    case 'equals':
      return `${value} = ${wanted}`;
    case 'contains':
      return `${ctx.dialect.position(wanted, value)} > 0`;
    case 'startswith':
      return `${ctx.dialect.position(wanted, value)} = 1`;
    case 'endswith':
      return `substr(${value}, length(${value}) - length(${wanted}) + 1) = ${wanted}`;
  }
}
