// What Elastic backends may know about target fields: mapping types, lower-cased `.caseless` multi-fields.
import { CASELESS_SUFFIX, ecsFieldType } from '../../taxonomy/ecs-field-types.js';
import { hasCaseVariants } from './case-fold.js';

export interface ElasticFieldOptions {
  /** The field's mapping type (keyword, wildcard, ip, long, date, …), when known; default: the ECS table. */
  fieldType?: (field: string) => string | undefined;
  /**
   * Fields that have a `<field>.caseless` multi-field: a keyword with a lower-casing normalizer. ECS defines
   * none; Elastic Defend's indices add some (process.name.caseless), so they must be named for the target
   * indices: a query on a multi-field the index lacks silently matches nothing.
   */
  caselessFields?: Iterable<string>;
  /**
   * A case-insensitive string match on a field without a `.caseless` multi-field, in a language that cannot
   * ignore case (KQL): `refuse` (default) throws UnsupportedConstruct; `as-written` matches the value's case
   * exactly, which misses events whose case differs.
   */
  caseInsensitive?: 'refuse' | 'as-written';
}

/** How to compare a string on a field in a language whose string matches are case-sensitive. */
export type CasePlan =
  | { kind: 'exact' }
  | { kind: 'caseless'; field: string; lower: (text: string) => string }
  | { kind: 'unexpressed' };

export class FieldInfo {
  private readonly caseless: ReadonlySet<string>;

  constructor(private readonly options: ElasticFieldOptions = {}) {
    this.caseless = new Set(options.caselessFields ?? []);
  }

  get caseInsensitivePolicy(): 'refuse' | 'as-written' {
    return this.options.caseInsensitive ?? 'refuse';
  }

  type(field: string): string | undefined {
    return (this.options.fieldType ?? ecsFieldType)(field);
  }

  /** False only for a field known to be mapped as something other than `ip` (CIDR terms need `ip`). */
  mayHoldIps(field: string): boolean {
    const type = this.type(field);
    return type === undefined || type === 'ip';
  }

  /**
   * A case-insensitive match on a `.caseless` field itself, whose index holds lower-cased values, is a match
   * of the lower-cased text. Otherwise it becomes exact when the text has no letters with case forms, or a lower-cased
   * match on the `.caseless` multi-field when the field has one; otherwise it cannot be expressed exactly.
   */
  casePlan(field: string, texts: readonly string[]): CasePlan {
    if (!texts.some(hasCaseVariants)) return { kind: 'exact' };
    if (field.endsWith(CASELESS_SUFFIX)) return { kind: 'caseless', field, lower: (t) => t.toLowerCase() };
    if (this.caseless.has(field))
      return { kind: 'caseless', field: `${field}${CASELESS_SUFFIX}`, lower: (t) => t.toLowerCase() };
    return { kind: 'unexpressed' };
  }
}
