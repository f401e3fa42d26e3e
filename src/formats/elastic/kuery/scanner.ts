// Character-level reading of KQL: whitespace, the keywords and/or/not, quoted and unquoted literals with escapes.
import type { WildcardPart } from '../../../ir/matcher.js';
import { KueryError } from './errors.js';
import type { KqlLiteral } from './syntax.js';

/** Characters that end an unquoted literal unless escaped with `\` (`*` is a wildcard instead). */
const SPECIAL_CHARACTERS = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);
const ESCAPED_WHITESPACE: Record<string, string> = { t: '\t', r: '\r', n: '\n' };
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\u00a0';
}

export class Scanner {
  pos = 0;
  /** Memo for the run of spaces around `pos`: [start, end) and whether `or`/`and` + space follows it. */
  private spaceRun = { start: -1, end: -1, keywordFollows: false };

  constructor(readonly text: string) {}

  error(message: string, offset = this.pos): KueryError {
    return KueryError.at(this.text, offset, message);
  }

  /** `Expected <what> but found <next text>` at the current position. */
  expected(what: string): KueryError {
    return this.error(`Expected ${what} but found ${this.describeNext()}`);
  }

  describeNext(): string {
    if (this.atEnd()) return 'the end of the query';
    const rest = this.text.slice(this.pos, this.pos + 12);
    return JSON.stringify(rest.length < 12 ? rest : `${rest}…`);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpaces(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  /** Consumes `<spaces>or<spaces>` (or `and`); at least one space on each side, as Kibana requires. */
  acceptBinaryKeyword(word: 'or' | 'and'): boolean {
    let at = this.pos;
    while (isSpace(this.text[at])) at++;
    if (at === this.pos || !this.wordFollowedBySpace(at, word)) return false;
    at += word.length;
    while (isSpace(this.text[at])) at++;
    this.pos = at;
    return true;
  }

  /** Consumes `not<spaces>`. */
  acceptNot(): boolean {
    if (!this.wordFollowedBySpace(this.pos, 'not')) return false;
    this.pos += 3;
    this.skipSpaces();
    return true;
  }

  /** Consumes `<=`, `>=`, `<` or `>`. */
  acceptRangeOperator(): 'lte' | 'gte' | 'lt' | 'gt' | undefined {
    const ch = this.peek();
    if (ch !== '<' && ch !== '>') return undefined;
    const inclusive = this.text[this.pos + 1] === '=';
    this.pos += inclusive ? 2 : 1;
    if (ch === '<') return inclusive ? 'lte' : 'lt';
    return inclusive ? 'gte' : 'gt';
  }

  /** A quoted string or an unquoted literal at the current position, or undefined when neither starts here. */
  readLiteral(): KqlLiteral | undefined {
    return this.peek() === '"' ? this.readQuoted() : this.readUnquoted();
  }

  private wordFollowedBySpace(at: number, word: string): boolean {
    return (
      this.text.slice(at, at + word.length).toLowerCase() === word && isSpace(this.text[at + word.length])
    );
  }

  /** True when the spaces starting at `at` are followed by `or`/`and` and a space (memoised per run). */
  private keywordAfterSpaces(at: number): boolean {
    const run = this.spaceRun;
    if (at < run.start || at >= run.end) {
      let end = at;
      while (isSpace(this.text[end])) end++;
      this.spaceRun = {
        start: at,
        end,
        keywordFollows: this.wordFollowedBySpace(end, 'or') || this.wordFollowedBySpace(end, 'and'),
      };
    }
    return this.spaceRun.keywordFollows;
  }

  private readQuoted(): KqlLiteral {
    const offset = this.pos++;
    let text = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw this.error('Unterminated quoted string: missing closing "', offset);
      if (ch === '"') break;
      if (ch === '\\') {
        const escaped = this.readQuotedEscape();
        if (escaped !== undefined) {
          text += escaped;
          continue;
        }
      }
      text += ch;
      this.pos++;
    }
    this.pos++;
    return { parts: text ? [{ type: 'literal', text }] : [], quoted: true, offset };
  }

  private readUnquoted(): KqlLiteral | undefined {
    const offset = this.pos;
    const parts: WildcardPart[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ type: 'literal', text });
      text = '';
    };
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '\\') {
        text += this.readUnquotedEscape();
      } else if (ch === '*') {
        flush();
        if (parts[parts.length - 1]?.type !== 'any') parts.push({ type: 'any' });
        this.pos++;
      } else if (
        SPECIAL_CHARACTERS.has(ch) ||
        (isSpace(ch) && this.keywordAfterSpaces(this.pos)) ||
        this.wordFollowedBySpace(this.pos, 'not')
      ) {
        break;
      } else {
        text += ch;
        this.pos++;
      }
    }
    if (this.pos === offset) return undefined;
    flush();
    return { parts: trimParts(parts), quoted: false, offset };
  }

  /** Decodes `\t \r \n`, `\\`, `\"` or `\uXXXX` in a quoted string; undefined leaves the backslash literal. */
  private readQuotedEscape(): string | undefined {
    const next = this.text[this.pos + 1] ?? '';
    const whitespace = ESCAPED_WHITESPACE[next];
    if (whitespace !== undefined || next === '\\' || next === '"') {
      this.pos += 2;
      return whitespace ?? next;
    }
    const unicode = this.unicodeEscape();
    if (unicode !== undefined) this.pos += 6;
    return unicode;
  }

  /** Decodes `\t \r \n`, `\` + special character, `\uXXXX` or `\` + or/and/not, in Kibana's order. */
  private readUnquotedEscape(): string {
    const next = this.text[this.pos + 1] ?? '';
    const whitespace = ESCAPED_WHITESPACE[next];
    if (whitespace !== undefined || SPECIAL_CHARACTERS.has(next)) {
      this.pos += 2;
      return whitespace ?? next;
    }
    const unicode = this.unicodeEscape();
    if (unicode !== undefined) {
      this.pos += 6;
      return unicode;
    }
    const keyword = /^(?:or|and|not)/i.exec(this.text.slice(this.pos + 1, this.pos + 4))?.[0];
    if (keyword !== undefined) {
      this.pos += 1 + keyword.length;
      return keyword;
    }
    throw this.error(
      `Invalid escape "\\${next}": in an unquoted value "\\" escapes only \\ ( ) : < > " * { }, t, r, n, ` +
        'uXXXX and the keywords or/and/not; quote the value to keep a backslash',
    );
  }

  /** The character of a `\uXXXX` escape at the current position, if there is one. */
  private unicodeEscape(): string | undefined {
    if (this.text[this.pos + 1] !== 'u') return undefined;
    const digits = this.text.slice(this.pos + 2, this.pos + 6);
    return HEX4.test(digits) ? String.fromCharCode(Number.parseInt(digits, 16)) : undefined;
  }
}

/** Trims whitespace at both ends of an unquoted literal, as Kibana does after decoding it. */
function trimParts(parts: WildcardPart[]): WildcardPart[] {
  const out = [...parts];
  const first = out[0];
  if (first?.type === 'literal') out[0] = { type: 'literal', text: first.text.trimStart() };
  const lastIndex = out.length - 1;
  const last = out[lastIndex];
  if (last?.type === 'literal') out[lastIndex] = { type: 'literal', text: last.text.trimEnd() };
  return out.filter((part) => part.type !== 'literal' || part.text !== '');
}
