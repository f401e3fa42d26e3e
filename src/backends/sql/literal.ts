// SQL text escaping: string literals, identifiers, and LIKE / GLOB patterns built from literal text and wildcards.
import type { WildcardPart } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';

/** A single-quoted SQL string literal (backslashes are ordinary characters in all supported dialects). */
export function sqlString(text: string): string {
  if (text.includes('\u0000'))
    throw new UnsupportedConstruct('NUL character', 'SQL text values cannot hold U+0000');
  return `'${text.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier; dots are part of the name (flattened field names such as `process.name`). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table name; `schema.table` is split at its dots and each part quoted. */
export function sqlTableName(name: string): string {
  return name.split('.').map(sqlIdentifier).join('.');
}

/** The escape character declared with every LIKE this backend writes. */
export const LIKE_ESCAPE = '\\';

/** LIKE pattern text: `%`/`_` for `*`/`?`, literal `%`, `_` and `\` escaped with a backslash. */
export function likePattern(parts: WildcardPart[]): string {
  return parts
    .map((part) => {
      if (part.type === 'any') return '%';
      if (part.type === 'one') return '_';
      return part.text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
    })
    .join('');
}

/** SQLite GLOB pattern text: `*`/`?` for the wildcards, literal `*`, `?` and `[` wrapped in brackets. */
export function globPattern(parts: WildcardPart[]): string {
  return parts
    .map((part) => {
      if (part.type === 'any') return '*';
      if (part.type === 'one') return '?';
      return part.text.replace(/[*?[]/g, (c) => `[${c}]`);
    })
    .join('');
}
