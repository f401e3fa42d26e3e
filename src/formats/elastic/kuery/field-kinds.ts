// Classifies a field by how KQL matches its values, from its Elasticsearch mapping type.
import { CASELESS_SUFFIX } from '../../../taxonomy/ecs-field-types.js';

/**
 * - keyword: exact, case-sensitive terms (keyword, constant_keyword, wildcard, flattened);
 * - caseless: keyword with a lower-case normalizer (the `*.caseless` multi-fields of Elastic integrations);
 * - text: analysed full text (text, match_only_text);
 * - number, date, ip, boolean: typed values;
 * - unknown: a field the type lookup does not know (matched as keyword, numbers and booleans leniently).
 */
export type FieldKind = 'keyword' | 'caseless' | 'text' | 'number' | 'date' | 'ip' | 'boolean' | 'unknown';

const KIND_OF_TYPE = new Map<string, FieldKind>([
  ['keyword', 'keyword'],
  ['constant_keyword', 'keyword'],
  ['wildcard', 'keyword'],
  ['flattened', 'keyword'],
  ['text', 'text'],
  ['match_only_text', 'text'],
  ['long', 'number'],
  ['integer', 'number'],
  ['short', 'number'],
  ['byte', 'number'],
  ['double', 'number'],
  ['float', 'number'],
  ['half_float', 'number'],
  ['scaled_float', 'number'],
  ['unsigned_long', 'number'],
  ['date', 'date'],
  ['date_nanos', 'date'],
  ['ip', 'ip'],
  ['boolean', 'boolean'],
]);

export function fieldKind(field: string, type: string | undefined): FieldKind {
  const kind = type === undefined ? 'unknown' : (KIND_OF_TYPE.get(type) ?? 'unknown');
  if (field.endsWith(CASELESS_SUFFIX) && (kind === 'unknown' || kind === 'keyword')) return 'caseless';
  return kind;
}
