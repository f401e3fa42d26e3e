// Syntax tree of a KQL query as written, before field types give its values a meaning.
import type { CompareOp, WildcardPart } from '../../../ir/matcher.js';

/** A quoted or unquoted literal with escapes decoded; only unquoted literals hold `*` wildcards. */
export interface KqlLiteral {
  /** Literal text and `any` wildcards; never a `one` part. */
  parts: WildcardPart[];
  quoted: boolean;
  /** Offset of the literal's first character (the opening quote when quoted). */
  offset: number;
}

/** The value side of `field:…`: one value or a boolean combination of values (`field:(a or not b)`). */
export type KqlValues =
  | { kind: 'or' | 'and'; children: KqlValues[] }
  | { kind: 'not'; child: KqlValues }
  | { kind: 'value'; value: KqlLiteral };

export type KqlQuery =
  | { kind: 'or' | 'and'; children: KqlQuery[] }
  | { kind: 'not'; child: KqlQuery }
  /** `path:{ query }`, the inner field names relative to `path`. */
  | { kind: 'nested'; path: KqlLiteral; query: KqlQuery }
  | { kind: 'range'; field: KqlLiteral; op: CompareOp; value: KqlLiteral }
  | { kind: 'field'; field: KqlLiteral; values: KqlValues }
  /** A value without a field: free-text search over the whole event. */
  | { kind: 'freetext'; value: KqlLiteral }
  /** The empty query, which matches every event. */
  | { kind: 'all' };

/** The text of a literal, with each `*` wildcard written as `*`. */
export function literalText(literal: KqlLiteral): string {
  return literal.parts.map((part) => (part.type === 'literal' ? part.text : '*')).join('');
}

export function hasWildcard(literal: KqlLiteral): boolean {
  return literal.parts.some((part) => part.type !== 'literal');
}
