// EQL string literals: "…" with backslash escapes and \u{hex}, and """raw""" strings taken verbatim.
import type { SourceText } from './source-text.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

export interface StringLiteral {
  value: string;
  /** Offset just past the closing quote. */
  end: number;
}

/** Reads the string literal whose opening quote is at `start`. */
export function readStringLiteral(source: SourceText, start: number): StringLiteral {
  return source.text.startsWith('"""', start)
    ? readRawString(source, start)
    : readQuotedString(source, start);
}

/** `"""…"""`: no escapes; up to two extra `"` right before the closing quotes belong to the value. */
function readRawString(source: SourceText, start: number): StringLiteral {
  const text = source.text;
  const close = text.indexOf('"""', start + 3);
  if (close < 0) throw source.error('unterminated raw string: missing closing """', start);
  const newline = text.slice(start + 3, close).search(/[\r\n]/);
  if (newline >= 0) throw source.error('a string cannot span several lines', start + 3 + newline);
  let end = close + 3;
  let extra = 0;
  while (extra < 2 && text[end] === '"') {
    end++;
    extra++;
  }
  return { value: text.slice(start + 3, close) + '"'.repeat(extra), end };
}

function readQuotedString(source: SourceText, start: number): StringLiteral {
  const text = source.text;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\n' || ch === '\r') throw source.error('a string cannot span several lines', i);
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u') {
      const unicode = readUnicodeEscape(source, i);
      value += unicode.char;
      i = unicode.end;
    } else if (next !== undefined && next in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[next];
      i += 2;
    } else {
      throw source.error(
        `unknown escape sequence '\\${next ?? ''}' in string (use '\\\\' for a backslash)`,
        i,
      );
    }
  }
  throw source.error('unterminated string: missing closing "', start);
}

/** `\u{XX}` … `\u{XXXXXXXX}`: 2 to 8 hex digits naming a Unicode code point. */
function readUnicodeEscape(source: SourceText, at: number): { char: string; end: number } {
  const text = source.text;
  if (text[at + 2] !== '{') throw source.error("a unicode escape is written '\\u{hex}'", at);
  const close = text.indexOf('}', at + 3);
  const hex = close < 0 ? '' : text.slice(at + 3, close);
  if (!/^[0-9A-Fa-f]{2,8}$/.test(hex))
    throw source.error("a unicode escape needs 2 to 8 hex digits: '\\u{hex}'", at);
  const codePoint = Number.parseInt(hex, 16);
  if (codePoint > 0x10ffff) throw source.error(`\\u{${hex}} is not a Unicode code point`, at);
  return { char: String.fromCodePoint(codePoint), end: close + 1 };
}
