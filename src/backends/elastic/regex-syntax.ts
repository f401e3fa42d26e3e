// Parses an IR regular expression (RE2 syntax, the PCRE subset rules use) into a tree backends can re-emit.
import type { RegexFlags, RegexMatcher } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';

/** An inclusive range of code points. */
export interface CodeRange {
  from: number;
  to: number;
}

export type RegexNode =
  | { kind: 'char'; char: string }
  | { kind: 'dot' }
  | { kind: 'class'; negated: boolean; ranges: CodeRange[] }
  | { kind: 'group'; body: Alternation }
  | { kind: 'repeat'; body: RegexNode; min: number; max?: number }
  | { kind: 'start' }
  | { kind: 'end' };

/** Alternatives, each a sequence of nodes. */
export type Alternation = RegexNode[][];

export interface ParsedRegex {
  body: Alternation;
  /** The matcher's flags, merged with a leading inline `(?ims)` group. */
  flags: RegexFlags;
}

const DIGIT: CodeRange[] = [{ from: 0x30, to: 0x39 }];
const WORD: CodeRange[] = [
  { from: 0x30, to: 0x39 },
  { from: 0x41, to: 0x5a },
  { from: 0x5f, to: 0x5f },
  { from: 0x61, to: 0x7a },
];
/** RE2's `\s`: tab, newline, form feed, carriage return and space. */
const SPACE: CodeRange[] = [
  { from: 0x09, to: 0x0a },
  { from: 0x0c, to: 0x0d },
  { from: 0x20, to: 0x20 },
];
const SHORTHANDS: Record<string, CodeRange[]> = { d: DIGIT, w: WORD, s: SPACE };

const CONTROL_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
};

const unsupported = (what: string) => new UnsupportedConstruct('regex', what);

export function parseRegex(pattern: string, flags: RegexFlags): ParsedRegex {
  return new RegexParser(Array.from(pattern), flags).parse();
}

/** Whether the regex ignores case, by its flags or a leading `(?i)`. */
export function regexIgnoresCase(matcher: RegexMatcher): boolean {
  return parseRegex(matcher.pattern, matcher.flags).flags.ignoreCase;
}

class RegexParser {
  private pos = 0;

  constructor(
    private readonly chars: string[],
    private readonly flags: RegexFlags,
  ) {}

  parse(): ParsedRegex {
    const flags = { ...this.flags, ...this.leadingInlineFlags() };
    const body = this.alternation();
    if (this.pos < this.chars.length) throw unsupported(`unbalanced ')' at position ${this.pos + 1}`);
    return { body, flags };
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private next(): string {
    const char = this.chars[this.pos++];
    if (char === undefined) throw unsupported('the pattern ends inside a construct');
    return char;
  }

  private lookingAt(text: string): boolean {
    return this.chars.slice(this.pos, this.pos + text.length).join('') === text;
  }

  /** `(?i)`, `(?s)`, `(?m)` and combinations, only at the very start of the pattern. */
  private leadingInlineFlags(): Partial<RegexFlags> {
    const m = /^\(\?([ims]+)\)/.exec(this.chars.slice(0, 8).join(''));
    if (!m) return {};
    this.pos = Array.from(m[0]).length;
    const letters = m[1]!;
    return {
      ...(letters.includes('i') ? { ignoreCase: true } : {}),
      ...(letters.includes('m') ? { multiline: true } : {}),
      ...(letters.includes('s') ? { dotAll: true } : {}),
    };
  }

  private alternation(): Alternation {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches;
  }

  private sequence(): RegexNode[] {
    const nodes: RegexNode[] = [];
    for (let char = this.peek(); char !== undefined && char !== '|' && char !== ')'; char = this.peek()) {
      nodes.push(this.quantified(this.atom()));
    }
    return nodes;
  }

  private quantified(atom: RegexNode): RegexNode {
    let node = atom;
    for (;;) {
      const bounds = this.quantifier();
      if (!bounds) return node;
      if (node.kind === 'start' || node.kind === 'end') throw unsupported('a repeated anchor');
      if (this.peek() === '+') throw unsupported('possessive quantifier');
      if (this.peek() === '?') this.pos++; // laziness does not change whether a match exists
      node = { kind: 'repeat', body: node, ...bounds };
    }
  }

  private quantifier(): { min: number; max?: number } | undefined {
    const char = this.peek();
    if (char === '*' || char === '+' || char === '?') {
      this.pos++;
      return char === '*' ? { min: 0 } : char === '+' ? { min: 1 } : { min: 0, max: 1 };
    }
    if (char !== '{') return undefined;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.pos, this.pos + 24).join(''));
    if (!m) return undefined; // a `{` that starts no repetition is a literal
    this.pos += m[0].length;
    const min = Number(m[1]);
    if (!m[2]) return { min, max: min };
    if (m[3] === '') return { min };
    const max = Number(m[3]);
    if (max < min) throw unsupported(`repetition {${min},${max}} with max below min`);
    return { min, max };
  }

  private atom(): RegexNode {
    const char = this.next();
    switch (char) {
      case '.':
        return { kind: 'dot' };
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw unsupported(`quantifier '${char}' with nothing to repeat`);
      default:
        return { kind: 'char', char };
    }
  }

  private group(): RegexNode {
    if (this.peek() === '?') {
      if (this.lookingAt('?:')) this.pos += 2;
      else if (this.lookingAt('?P<') || (this.lookingAt('?<') && /[A-Za-z_]/.test(this.peek(2) ?? ''))) {
        while (this.next() !== '>');
      } else if (/^\?<?[=!]/.test(this.chars.slice(this.pos, this.pos + 3).join(''))) {
        throw unsupported('lookaround assertion');
      } else throw unsupported('inline flags or special group other than a leading (?i), (?m), (?s)');
    }
    const body = this.alternation();
    if (this.next() !== ')') throw unsupported("missing ')'");
    return { kind: 'group', body };
  }

  private escape(): RegexNode {
    const char = this.next();
    const shorthand = SHORTHANDS[char.toLowerCase()];
    if (shorthand) return { kind: 'class', negated: char !== char.toLowerCase(), ranges: shorthand };
    if (char === 'A') return { kind: 'start' };
    if (char === 'z') return { kind: 'end' };
    return { kind: 'char', char: this.escapedChar(char) };
  }

  /** The character an escape stands for (after its backslash and `char`), outside or inside a class. */
  private escapedChar(char: string): string {
    const control = CONTROL_ESCAPES[char];
    if (control !== undefined) {
      if (char === '0' && /[0-9]/.test(this.peek() ?? '')) throw unsupported('octal escape');
      return control;
    }
    if (char === 'x' || char === 'u') return this.hexEscape(char);
    if (/[1-9]/.test(char) || char === 'k') throw unsupported('backreference');
    if (char === 'b' || char === 'B') throw unsupported('word boundary \\b');
    if (/[A-Za-z0-9]/.test(char)) throw unsupported(`escape \\${char}`);
    return char;
  }

  /** `\xHH`, `\x{H…}`, `\uHHHH`, `\u{H…}`. */
  private hexEscape(kind: string): string {
    const rest = this.chars.slice(this.pos, this.pos + 10).join('');
    const m =
      /^\{([0-9A-Fa-f]{1,6})\}/.exec(rest) ??
      (kind === 'x' ? /^[0-9A-Fa-f]{2}/ : /^[0-9A-Fa-f]{4}/).exec(rest);
    if (!m) throw unsupported(`malformed \\${kind} escape`);
    this.pos += m[0].length;
    const codePoint = Number.parseInt(m[1] ?? m[0], 16);
    if (codePoint > 0x10ffff) throw unsupported(`\\${kind} escape beyond Unicode`);
    return String.fromCodePoint(codePoint);
  }

  private characterClass(): RegexNode {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const ranges: CodeRange[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      if (this.lookingAt('[:')) throw unsupported('POSIX character class');
      const from = this.classMember(ranges);
      first = false;
      if (from === undefined) continue;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const to = this.classMember(ranges);
        if (to === undefined) throw unsupported('a range ending in a class shorthand');
        if (to < from) throw unsupported('a character range out of order');
        ranges.push({ from, to });
      } else ranges.push({ from, to: from });
    }
    this.pos++;
    return { kind: 'class', negated, ranges };
  }

  /** One class member: its code point, or undefined after adding a shorthand's ranges to `ranges`. */
  private classMember(ranges: CodeRange[]): number | undefined {
    const char = this.next();
    if (char !== '\\') return char.codePointAt(0)!;
    const escaped = this.next();
    const shorthand = SHORTHANDS[escaped];
    if (shorthand) {
      ranges.push(...shorthand);
      return undefined;
    }
    if (SHORTHANDS[escaped.toLowerCase()]) throw unsupported(`negated shorthand \\${escaped} inside a class`);
    if (escaped === 'b') return 0x08;
    return this.escapedChar(escaped).codePointAt(0)!;
  }
}
