// Rewrites an EQL `regex` pattern (Lucene syntax) as an unanchored RE2 pattern, or names what RE2 lacks.

export type RegexTranslation = { pattern: string } | { unsupported: string };

/** A pattern Lucene itself would reject. */
export class RegexSyntaxError extends Error {}

class UnsupportedOperator extends Error {}

/** Deepest group nesting accepted in a pattern. */
const MAX_GROUP_DEPTH = 100;
/** RE2's largest repetition count. */
const MAX_REPEAT = 1000;

const RE2_SPECIAL = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);
const RE2_CLASS_SPECIAL = new Set(['\\', ']', '[', '^', '-']);
const SHORTHAND_CLASSES = new Set(['d', 'D', 's', 'S', 'w', 'W']);

export function luceneToRe2(pattern: string): RegexTranslation {
  try {
    return { pattern: new Translator(Array.from(pattern)).translate() };
  } catch (error) {
    if (error instanceof UnsupportedOperator) return { unsupported: error.message };
    throw error;
  }
}

function literal(char: string): string {
  return RE2_SPECIAL.has(char) ? `\\${char}` : char;
}

function classLiteral(char: string): string {
  return RE2_CLASS_SPECIAL.has(char) ? `\\${char}` : char;
}

class Translator {
  private readonly chars: string[];
  private pos = 0;
  private depth = 0;

  constructor(chars: string[]) {
    this.chars = chars;
  }

  translate(): string {
    const out = this.union();
    if (this.pos < this.chars.length)
      throw new RegexSyntaxError(`unbalanced ')' at position ${this.pos + 1}`);
    return out;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private take(): string {
    const char = this.chars[this.pos++];
    if (char === undefined) throw new RegexSyntaxError('the pattern ends too early');
    return char;
  }

  private union(): string {
    const alternatives = [this.concatenation()];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.concatenation());
    }
    return alternatives.join('|');
  }

  private concatenation(): string {
    let out = '';
    for (let char = this.peek(); char !== undefined && char !== '|' && char !== ')'; char = this.peek()) {
      if (char === '&') throw new UnsupportedOperator('regex intersection operator &');
      out += this.repetition();
    }
    return out;
  }

  /** An atom followed by any number of `? * + {n} {n,} {n,m}`; stacked quantifiers get their own group. */
  private repetition(): string {
    if (this.peek() === '~') throw new UnsupportedOperator('regex complement operator ~');
    let atom = this.atom();
    let quantified = false;
    for (let quantifier = this.quantifier(); quantifier; quantifier = this.quantifier()) {
      atom = quantified ? `(?:${atom})${quantifier}` : `${atom}${quantifier}`;
      quantified = true;
    }
    return atom;
  }

  private quantifier(): string | undefined {
    const char = this.peek();
    if (char === '?' || char === '*' || char === '+') {
      this.pos++;
      return char;
    }
    if (char !== '{') return undefined;
    this.pos++;
    const min = this.integer();
    let max: number | undefined = min;
    if (this.peek() === ',') {
      this.pos++;
      max = this.peek() === '}' ? undefined : this.integer();
    }
    if (this.take() !== '}') throw new RegexSyntaxError("a repetition {n,m} needs its closing '}'");
    if (min > MAX_REPEAT || (max ?? 0) > MAX_REPEAT) {
      throw new UnsupportedOperator(`regex repetition above ${MAX_REPEAT}`);
    }
    if (max !== undefined && max < min)
      throw new RegexSyntaxError(`repetition {${min},${max}} has max < min`);
    return max === min ? `{${min}}` : `{${min},${max ?? ''}}`;
  }

  private integer(): number {
    let digits = '';
    for (let char = this.peek(); char !== undefined && char >= '0' && char <= '9'; char = this.peek()) {
      digits += char;
      this.pos++;
    }
    if (!digits) throw new RegexSyntaxError(`expected a number at position ${this.pos + 1}`);
    return Number(digits);
  }

  private atom(): string {
    const char = this.take();
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '"':
        return this.quotedString();
      case '.':
        return '.';
      case '@':
        return '(?:.*)';
      case '#':
        return '[^\\x00-\\x{10FFFF}]';
      case '<':
        throw new UnsupportedOperator('regex numeric interval <n-m>');
      case '\\':
        return this.escape();
      case '?':
      case '*':
      case '+':
      case '{':
        throw new RegexSyntaxError(`'${char}' at position ${this.pos} has nothing to repeat`);
      default:
        return literal(char);
    }
  }

  private group(): string {
    if (++this.depth > MAX_GROUP_DEPTH)
      throw new RegexSyntaxError(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
    const inner = this.union();
    if (this.take() !== ')') throw new RegexSyntaxError("a group needs its closing ')'");
    this.depth--;
    return `(?:${inner})`;
  }

  /** `"…"`: everything up to the next `"` is literal. */
  private quotedString(): string {
    let text = '';
    for (let char = this.take(); char !== '"'; char = this.take()) text += literal(char);
    return `(?:${text})`;
  }

  private escape(): string {
    const char = this.take();
    return SHORTHAND_CLASSES.has(char) ? `\\${char}` : literal(char);
  }

  /** `[…]` or `[^…]` with single characters, ranges `a-z`, escapes and `\d \s \w`. */
  private characterClass(): string {
    let out = '[';
    if (this.peek() === '^') {
      this.pos++;
      out += '^';
    }
    let members = 0;
    for (let char = this.take(); char !== ']'; char = this.take()) {
      members++;
      if (char === '\\') {
        const escaped = this.take();
        if (SHORTHAND_CLASSES.has(escaped)) {
          out += `\\${escaped}`;
          continue;
        }
        out += this.rangeFrom(escaped);
      } else out += this.rangeFrom(char);
    }
    if (members === 0) throw new RegexSyntaxError('a character class [] needs at least one character');
    return `${out}]`;
  }

  /** `from` alone, or `from-to` when a range follows (a `-` before `]` is literal). */
  private rangeFrom(from: string): string {
    if (this.peek() !== '-' || this.chars[this.pos + 1] === ']' || this.chars[this.pos + 1] === undefined) {
      return classLiteral(from);
    }
    this.pos++;
    let to = this.take();
    if (to === '\\') to = this.take();
    return `${classLiteral(from)}-${classLiteral(to)}`;
  }
}
