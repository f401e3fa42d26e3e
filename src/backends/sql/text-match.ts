// Renders literal and wildcard text matches on a text column: `=`, LIKE or GLOB, lower-cased when case-insensitive.
import type { StringOp, WildcardPart } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import type { SqlDialect } from './dialect.js';
import { globPattern, LIKE_ESCAPE, likePattern, sqlString } from './literal.js';

/** A string operation as wildcard parts: `contains x` is `*x*`. */
export function partsOfStringOp(op: StringOp, value: string): WildcardPart[] {
  const literal: WildcardPart = { type: 'literal', text: value };
  if (op === 'contains') return [{ type: 'any' }, literal, { type: 'any' }];
  if (op === 'startswith') return [literal, { type: 'any' }];
  if (op === 'endswith') return [{ type: 'any' }, literal];
  return [literal];
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** Whether the text holds a non-ASCII letter that has a case (É, Σ), which ASCII-only lower() cannot fold. */
function hasNonAsciiCasedLetter(text: string): boolean {
  return [...text].some((c) => NON_ASCII.test(c) && c.toLowerCase() !== c.toUpperCase());
}

/**
 * Lower-cased literal text: folded here when ASCII, else by the dialect's lower() so that both sides of the
 * comparison fold alike (JavaScript and SQL disagree on a few letters such as U+0130).
 */
function loweredLiteral(dialect: SqlDialect, text: string): string {
  if (!NON_ASCII.test(text)) return sqlString(text.toLowerCase());
  if (!dialect.unicodeLower) {
    if (hasNonAsciiCasedLetter(text)) {
      throw new UnsupportedConstruct(
        'case-insensitive match',
        `${dialect.name} lower() folds ASCII only: ${JSON.stringify(text)}`,
      );
    }
    return sqlString(text);
  }
  return `${dialect.lower}(${sqlString(text)})`;
}

/** Adjacent literals merged; the whole text when the pattern has no wildcard. */
function plainText(parts: WildcardPart[]): string | undefined {
  if (parts.some((part) => part.type !== 'literal')) return undefined;
  return parts.map((part) => (part.type === 'literal' ? part.text : '')).join('');
}

/** SQL testing the text `subject` against a wildcard pattern (`*`, `?`), with the given case rule. */
export function textPredicate(
  dialect: SqlDialect,
  subject: string,
  parts: WildcardPart[],
  caseSensitive: boolean,
): string {
  const escapeClause = `ESCAPE ${sqlString(LIKE_ESCAPE)}`;
  const plain = plainText(parts);
  if (caseSensitive) {
    if (plain !== undefined) return `${subject} = ${sqlString(plain)}`;
    if (dialect.caseSensitivePattern === 'glob') return `${subject} GLOB ${sqlString(globPattern(parts))}`;
    return `${subject} LIKE ${sqlString(likePattern(parts))} ${escapeClause}`;
  }
  const lowered = `${dialect.lower}(${subject})`;
  if (plain !== undefined) return `${lowered} = ${loweredLiteral(dialect, plain)}`;
  return `${lowered} LIKE ${loweredLiteral(dialect, likePattern(parts))} ${escapeClause}`;
}
