// Meaning of `field < value` (and <=, >, >=): a number, date or string comparison chosen by the field type.
import { type Expr, match } from '../../../ir/expr.js';
import type { CompareMatcher, CompareOp } from '../../../ir/matcher.js';
import { isDateMath, isIsoDate, parseDateBound, parseNumber } from './scalars.js';
import { hasWildcard, type KqlLiteral, literalText } from './syntax.js';
import type { Fail, FieldTarget } from './values.js';

/**
 * Number fields compare numbers; date fields dates (ISO 8601 or epoch milliseconds, rounded like
 * Elasticsearch); keyword fields strings. On a field of unknown type the value decides: a number, an
 * ISO date, else a string. Ranges on text, ip and boolean fields are refused.
 */
export function rangeExpr(field: FieldTarget, op: CompareOp, value: KqlLiteral, fail: Fail): Expr {
  const text = literalText(value);
  if (hasWildcard(value)) throw fail(value.offset, 'A range value cannot contain wildcards');
  if (isDateMath(text) && (field.kind === 'date' || field.kind === 'unknown')) {
    throw fail(value.offset, `Date math "${text}" is not supported`);
  }
  const compare = (type: CompareMatcher['type'], bound: number | string) =>
    match(field.name, { kind: 'compare', op, value: bound, type });
  const asNumber = () => {
    const number = parseNumber(text);
    if (number === undefined) throw fail(value.offset, `"${text}" is not a number (field "${field.name}")`);
    return compare('number', number);
  };
  const asDate = () => {
    const bound = parseDateBound(text, op === 'gt' || op === 'lte');
    if (bound === undefined) {
      throw fail(
        value.offset,
        `"${text}" is not an ISO 8601 date or epoch milliseconds (field "${field.name}")`,
      );
    }
    return compare('date', bound);
  };
  switch (field.kind) {
    case 'number':
      return asNumber();
    case 'date':
      return asDate();
    case 'keyword':
    case 'caseless':
      return compare('string', text);
    case 'unknown':
      if (parseNumber(text) !== undefined) return asNumber();
      return isIsoDate(text) ? asDate() : compare('string', text);
    default:
      throw fail(value.offset, `Ranges on the ${field.kind} field "${field.name}" are not supported`);
  }
}
