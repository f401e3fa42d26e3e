// Kibana KQL lexical rules: quoted strings, escaped unquoted values and wildcards, field names.
import type { WildcardPart } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';

/** Characters KQL reads as syntax in an unquoted value. */
const SPECIAL = new Set(Array.from('\\():<>"*{}'));
/** Whitespace KQL writes as escapes; a plain space needs none. */
const WHITESPACE_ESCAPES: Record<string, string> = {
  '\t': '\\t',
  '\r': '\\r',
  '\n': '\\n',
  '\u00a0': '\\u00a0',
};
/**
 * `or`/`and` between spaces and `not` before a space are operators unless escaped: `\or`, `\and`; `\not`
 * would read as a newline escape followed by `ot`, so its first letter is written `\u006e` instead.
 */
const KEYWORD = /(?<= )(?:or|and)(?= )|not(?= )/giy;

/** `"…"`: only backslash, double quote and line breaks/tabs need escapes. */
export function kueryQuoted(text: string): string {
  return `"${text.replace(/[\\"\t\r\n]/g, (c) => (c === '\t' ? '\\t' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\${c}`))}"`;
}

/** Literal text inside an unquoted value: syntax characters, whitespace escapes and operator words escaped. */
export function kueryUnquoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    KEYWORD.lastIndex = i;
    const keyword = KEYWORD.exec(text);
    if (keyword) {
      const word = keyword[0];
      out += /^n/i.test(word)
        ? `\\u${word.charCodeAt(0).toString(16).padStart(4, '0')}${word.slice(1)}`
        : `\\${word}`;
      i += keyword[0].length;
      continue;
    }
    const char = text[i]!;
    out += WHITESPACE_ESCAPES[char] ?? (SPECIAL.has(char) ? `\\${char}` : char);
    i++;
  }
  return out;
}

/**
 * An unquoted wildcard value. KQL has only `*`, and trims the whitespace around an unquoted value, so a
 * single-character wildcard or a pattern starting or ending with whitespace cannot be written.
 */
export function kueryWildcard(parts: readonly WildcardPart[]): string {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (
    (first?.type === 'literal' && /^\s/.test(first.text)) ||
    (last?.type === 'literal' && /\s$/.test(last.text))
  )
    throw new UnsupportedConstruct('wildcard', 'KQL trims whitespace at the ends of an unquoted value');
  return parts
    .map((part) => {
      if (part.type === 'one')
        throw new UnsupportedConstruct('wildcard', 'KQL has no single-character wildcard ?');
      return part.type === 'any' ? '*' : kueryUnquoted(part.text);
    })
    .join('');
}

/** A field name; `*` stays a wildcard over field names, as in the IR. */
export function kueryField(field: string): string {
  return field
    .split('*')
    .map((piece) => kueryUnquoted(piece))
    .join('*');
}
