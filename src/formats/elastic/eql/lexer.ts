// Splits an EQL query into tokens: names, `backtick` names, strings, numbers and operators; skips comments.
import type { Span } from './ast.js';
import type { SourceText } from './source-text.js';
import { readStringLiteral } from './string-literal.js';

export type Token =
  /** A bare word; `tilde` when written with a trailing `~` (`startsWith~`, `like~`). */
  | { type: 'word'; value: string; tilde: boolean; span: Span }
  /** A `backtick-quoted` name. */
  | { type: 'quoted'; value: string; span: Span }
  | { type: 'string'; value: string; span: Span }
  | { type: 'number'; value: number; integer: boolean; span: Span }
  | { type: 'symbol'; value: string; span: Span }
  | { type: 'eof'; span: Span };

/** Longest first, so `==` wins over `=`. */
const SYMBOLS = '== != <= >= ![ < > = : ( ) [ ] , . ? | + - * / %'.split(' ');

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const isWordStart = (ch: string | undefined) =>
  ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === '@');
const isWordPart = (ch: string | undefined) => isWordStart(ch) || isDigit(ch);

export function tokenize(source: SourceText): Token[] {
  const text = source.text;
  const tokens: Token[] = [];
  let i = 0;
  while (true) {
    i = skipBlanks(source, i);
    if (i >= text.length) break;
    const start = i;
    const ch = text[i]!;
    if (isWordStart(ch)) {
      while (isWordPart(text[i])) i++;
      const value = text.slice(start, i);
      const tilde = text[i] === '~';
      if (tilde) i++;
      tokens.push({ type: 'word', value, tilde, span: source.span(start, i) });
    } else if (ch === '`') {
      const quoted = readQuotedName(source, start);
      i = quoted.end;
      tokens.push({ type: 'quoted', value: quoted.value, span: source.span(start, i) });
    } else if (ch === '"') {
      const literal = readStringLiteral(source, start);
      i = literal.end;
      tokens.push({ type: 'string', value: literal.value, span: source.span(start, i) });
    } else if (ch === "'") {
      throw source.error('strings are enclosed in double quotes ("…"), not single quotes', start);
    } else if (ch === '?' && text[i + 1] === '"') {
      throw source.error(
        '?"…" raw strings are not supported: enclose raw strings in three double quotes',
        start,
      );
    } else if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1]) && !followsName(tokens))) {
      const number = readNumber(source, start);
      i = number.end;
      tokens.push({
        type: 'number',
        value: number.value,
        integer: number.integer,
        span: source.span(start, i),
      });
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (!symbol)
        throw source.error(`unexpected character '${String.fromCodePoint(text.codePointAt(i)!)}'`, start);
      i += symbol.length;
      tokens.push({ type: 'symbol', value: symbol, span: source.span(start, i) });
    }
  }
  tokens.push({ type: 'eof', span: source.span(text.length, text.length) });
  return tokens;
}

/** Skips whitespace, `// line` and (nestable) `/* block *\/` comments. */
function skipBlanks(source: SourceText, from: number): number {
  const text = source.text;
  let i = from;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (text.startsWith('//', i)) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline + 1;
    } else if (text.startsWith('/*', i)) i = skipBlockComment(source, i);
    else break;
  }
  return i;
}

function skipBlockComment(source: SourceText, start: number): number {
  const text = source.text;
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  throw source.error('unterminated comment: missing */', start);
}

/** A `.` right after a name part is a path separator, not the start of a number like `.5`. */
function followsName(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last?.type === 'word' || last?.type === 'quoted' || (last?.type === 'symbol' && last.value === ']');
}

/** `` `a``b` `` → a`b. */
function readQuotedName(source: SourceText, start: number): { value: string; end: number } {
  const text = source.text;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '`') {
      if (text[i + 1] !== '`') return { value, end: i + 1 };
      value += '`';
      i += 2;
    } else value += text[i++];
  }
  throw source.error('unterminated `quoted` field name: missing closing backtick', start);
}

/** Integers, decimals (`1.5`, `.5`, `1.`) and exponents (`1e3`). */
function readNumber(source: SourceText, start: number): { value: number; integer: boolean; end: number } {
  const text = source.text;
  let i = start;
  while (isDigit(text[i])) i++;
  let integer = true;
  if (text[i] === '.') {
    integer = false;
    i++;
    while (isDigit(text[i])) i++;
  }
  const sign = text[i + 1] === '+' || text[i + 1] === '-' ? 1 : 0;
  if ((text[i] === 'e' || text[i] === 'E') && isDigit(text[i + 1 + sign])) {
    integer = false;
    i += 1 + sign;
    while (isDigit(text[i])) i++;
  }
  return { value: Number(text.slice(start, i)), integer, end: i };
}
