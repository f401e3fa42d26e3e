// Literal strings a regular expression cannot match without: runs of plain characters outside optional parts.
import { cheapest, lengthCost } from './need.js';

/** Alternatives, one of which every match contains; null when nothing is certain. */
export type LiteralNeed = string[] | null;

/** Thrown inside the parser for syntax it does not model; the pattern then yields no literal. */
class Unmodelled extends Error {}

interface Quantifier {
  min: number;
}

class RegexLiteralParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): LiteralNeed {
    const need = this.alternation();
    if (this.pos !== this.src.length) throw new Unmodelled('unbalanced )');
    return need;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): LiteralNeed {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === null)) return null;
    return [...new Set((branches as string[][]).flat())];
  }

  private sequence(): LiteralNeed {
    const needs: string[][] = [];
    let run = '';
    const flush = () => {
      if (run) needs.push([run]);
      run = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (ch === '|' || ch === ')') break;
      if (ch === '(') {
        flush();
        const inner = this.group();
        const q = this.quantifier();
        if (inner && (!q || q.min > 0)) needs.push(inner);
        continue;
      }
      const literal = this.literalChar();
      if (literal === undefined) {
        flush();
        this.quantifier();
        continue;
      }
      const q = this.quantifier();
      if (!q) run += literal;
      else if (q.min === 0) flush();
      else {
        run += literal;
        flush();
      }
    }
    flush();
    return cheapest(needs, (s) => lengthCost(s.length));
  }

  /** Consumes one element; returns its text when it is a plain character, undefined for classes and assertions. */
  private literalChar(): string | undefined {
    const src = this.src;
    const ch = src[this.pos]!;
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{')
      throw new Unmodelled('quantifier without operand');
    if (ch === '.' || ch === '^' || ch === '$') {
      this.pos++;
      return undefined;
    }
    if (ch === '[') {
      this.skipClass();
      return undefined;
    }
    if (ch === '\\') return this.escape();
    const code = src.charCodeAt(this.pos);
    if (code >= 0xd800 && code < 0xdc00 && this.pos + 1 < src.length) {
      this.pos += 2;
      return src.slice(this.pos - 2, this.pos);
    }
    this.pos++;
    return ch;
  }

  private escape(): string | undefined {
    const next = this.src[this.pos + 1];
    if (next === undefined) throw new Unmodelled('trailing backslash');
    this.pos += 2;
    if (!/[0-9A-Za-z]/.test(next)) return next;
    if ('dDwWsSbBAzntrfv'.includes(next)) return undefined;
    if (next === 'x' || next === 'u' || next === 'p' || next === 'P') {
      if (this.peek() === '{') {
        const close = this.src.indexOf('}', this.pos);
        if (close < 0) throw new Unmodelled('open escape');
        this.pos = close + 1;
        return undefined;
      }
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 1;
      const digits = this.src.slice(this.pos, this.pos + width);
      if (digits.length !== width || (next !== 'p' && next !== 'P' && !/^[0-9A-Fa-f]+$/.test(digits)))
        throw new Unmodelled('short escape');
      this.pos += width;
      return undefined;
    }
    throw new Unmodelled(`escape \\${next}`);
  }

  private skipClass(): void {
    const src = this.src;
    let i = this.pos + 1;
    if (src[i] === '^') i++;
    if (src[i] === ']') i++;
    while (i < src.length && src[i] !== ']') {
      if (src[i] === '\\') i += 2;
      else if (src[i] === '[' && src[i + 1] === ':') {
        const close = src.indexOf(':]', i + 2);
        if (close < 0) throw new Unmodelled('open POSIX class');
        i = close + 2;
      } else if (src[i] === '[') throw new Unmodelled('nested class');
      else i++;
    }
    if (i >= src.length) throw new Unmodelled('open class');
    this.pos = i + 1;
  }

  /** A group: its own need unless it is a flag setting or an assertion. */
  private group(): LiteralNeed {
    const src = this.src;
    this.pos++;
    if (src[this.pos] === '?') {
      const rest = src.slice(this.pos + 1);
      const named = /^(?:P?<[A-Za-z_][A-Za-z0-9_]*>)/.exec(rest);
      const flags = /^[imsU-]*([:)])/.exec(rest);
      if (named) this.pos += 1 + named[0].length;
      else if (flags) {
        this.pos += 1 + flags[0].length;
        if (flags[1] === ')') return null;
      } else throw new Unmodelled('group syntax');
    }
    const need = this.alternation();
    if (src[this.pos] !== ')') throw new Unmodelled('open group');
    this.pos++;
    return need;
  }

  /** An optional quantifier after an element (with its lazy or possessive suffix). */
  private quantifier(): Quantifier | undefined {
    const ch = this.peek();
    let q: Quantifier | undefined;
    if (ch === '*' || ch === '?') q = { min: 0 };
    else if (ch === '+') q = { min: 1 };
    else if (ch === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.pos));
      if (!m) throw new Unmodelled('brace');
      this.pos += m[0].length - 1;
      q = { min: Number(m[1]) };
    }
    if (!q) return undefined;
    this.pos++;
    if (this.peek() === '?' || this.peek() === '+') this.pos++;
    if (['*', '+', '?', '{'].includes(this.peek() ?? '')) throw new Unmodelled('repeated quantifier');
    return q;
  }
}

/** The literals a regex needs (not yet case-folded); null when the pattern has none or uses unmodelled syntax. */
export function regexLiterals(pattern: string): LiteralNeed {
  try {
    return new RegexLiteralParser(pattern).parse();
  } catch (error) {
    if (error instanceof Unmodelled) return null;
    throw error;
  }
}
