// Translates an RE2 pattern into a PostgreSQL ARE that matches the same strings, refusing constructs that differ.
import type { RegexFlags } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';

/** An ARE pattern plus whether it must be searched case-insensitively (`~*`). */
export interface AreTranslation {
  pattern: string;
  ignoreCase: boolean;
}

/** RE2's ASCII-only Perl classes, written as bracket contents (ARE's own are locale-dependent). */
const PERL_CLASS_RANGES: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };

/** RE2's ASCII-only POSIX classes, written as bracket contents. */
const POSIX_CLASS_RANGES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\U00000001-\\U0000007F',
  blank: '\\t ',
  cntrl: '\\U00000001-\\U0000001F\\U0000007F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const CONTROL_ESCAPES = new Set(['n', 't', 'r', 'f', 'v', 'a']);
/** ARE's limit on `{m,n}` counts. */
const MAX_REPEAT = 255;

function refuse(detail: string): never {
  throw new UnsupportedConstruct('regex', `PostgreSQL ARE: ${detail}`);
}

/** Leading `(?ims)` groups become flags; RE2's `U` only swaps greediness, which cannot change whether a search matches. */
function takeLeadingFlags(pattern: string, flags: RegexFlags): { rest: string; flags: RegexFlags } {
  let rest = pattern;
  const current = { ...flags };
  for (let group = /^\(\?([imsU-]+)\)/.exec(rest); group; group = /^\(\?([imsU-]+)\)/.exec(rest)) {
    let enable = true;
    for (const letter of group[1]!) {
      if (letter === '-') enable = false;
      else if (letter === 'i') current.ignoreCase = enable;
      else if (letter === 'm') current.multiline = enable;
      else if (letter === 's') current.dotAll = enable;
    }
    rest = rest.slice(group[0].length);
  }
  return { rest, flags: current };
}

/** `\x41` / `\x{263A}` as ARE's fixed-width `\UXXXXXXXX`; returns the escape and the characters consumed after `\x`. */
function hexEscape(source: string, at: number): [string, number] {
  const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(at));
  const plain = /^[0-9A-Fa-f]{2}/.exec(source.slice(at));
  const digits = braced ? braced[1]! : plain?.[0];
  if (!digits) refuse('malformed \\x escape');
  const code = Number.parseInt(digits, 16);
  if (code === 0) refuse('NUL cannot occur in PostgreSQL text');
  return [`\\U${code.toString(16).toUpperCase().padStart(8, '0')}`, braced ? braced[0].length : 2];
}

/** One escape outside brackets: returns the ARE text and the index after the escape. */
function escapeOutsideClass(source: string, at: number): [string, number] {
  const c = source[at + 1];
  if (c === undefined) refuse('trailing backslash');
  const perl = PERL_CLASS_RANGES[c.toLowerCase()];
  if (perl !== undefined) return [c === c.toLowerCase() ? `[${perl}]` : `[^${perl}]`, at + 2];
  if (c === 'b') return ['\\y', at + 2];
  if (c === 'B') return ['\\Y', at + 2];
  if (c === 'A') return ['\\A', at + 2];
  if (c === 'z') return ['\\Z', at + 2];
  if (CONTROL_ESCAPES.has(c)) return [`\\${c}`, at + 2];
  if (c === 'x') {
    const [text, length] = hexEscape(source, at + 2);
    return [text, at + 2 + length];
  }
  if (c === 'Q') {
    const end = source.indexOf('\\E', at + 2);
    const quoted = source.slice(at + 2, end < 0 ? source.length : end);
    const text = [...quoted].map((ch) => (/[0-9A-Za-z]/.test(ch) ? ch : `\\${ch}`)).join('');
    return [text, end < 0 ? source.length : end + 2];
  }
  if (/[0-9A-Za-z]/.test(c)) refuse(`escape \\${c} has no ARE equivalent`);
  return [`\\${c}`, at + 2];
}

/** A bracket expression starting at `[`: returns the ARE text and the index after its `]`. */
function bracket(source: string, start: number): [string, number] {
  let out = '[';
  let i = start + 1;
  if (source[i] === '^') {
    out += '^';
    i++;
  }
  if (source[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < source.length) {
    const c = source[i]!;
    if (c === ']') return [`${out}]`, i + 1];
    if (c === '[' && source[i + 1] === ':') {
      const named = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      const ranges = named ? POSIX_CLASS_RANGES[named[2]!] : undefined;
      if (!named || ranges === undefined || named[1]) refuse(`character class ${source.slice(i, i + 12)}`);
      out += ranges;
      i += named[0].length;
    } else if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) refuse('trailing backslash');
      if (e === 'x') {
        const [text, length] = hexEscape(source, i + 2);
        out += text;
        i += 2 + length;
        continue;
      }
      if (PERL_CLASS_RANGES[e] !== undefined) out += PERL_CLASS_RANGES[e];
      else if (CONTROL_ESCAPES.has(e)) out += `\\${e}`;
      else if (/[0-9A-Za-z]/.test(e)) refuse(`escape \\${e} inside brackets`);
      else out += `\\${e}`;
      i += 2;
    } else {
      out += c === '[' ? '\\[' : c;
      i++;
    }
  }
  return refuse('unterminated character class');
}

/** `(` and what follows it: plain, non-capturing and named groups translate; inline flag groups are refused. */
function groupOpening(source: string, at: number): [string, number] {
  if (source[at + 1] !== '?') return ['(', at + 1];
  if (source[at + 2] === ':') return ['(?:', at + 3];
  const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(source.slice(at));
  if (named) return ['(', at + named[0].length];
  return refuse('inline flag groups apply only at the start of a pattern');
}

/** `{` starts a repetition when RE2 would read one; otherwise it is a literal brace. */
function brace(source: string, at: number): [string, number] {
  const repeat = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  if (!repeat) return ['\\{', at + 1];
  if (Number(repeat[1]) > MAX_REPEAT || Number(repeat[3] || 0) > MAX_REPEAT)
    refuse('repetition count above 255');
  return [repeat[0], at + repeat[0].length];
}

export function re2ToPostgresAre(pattern: string, ruleFlags: RegexFlags): AreTranslation {
  const { rest: source, flags } = takeLeadingFlags(pattern, ruleFlags);
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let piece: [string, number];
    if (c === '\\') piece = escapeOutsideClass(source, i);
    else if (c === '[') piece = bracket(source, i);
    else if (c === '(') piece = groupOpening(source, i);
    else if (c === '{') piece = brace(source, i);
    else if (c === '}') piece = ['\\}', i + 1];
    else if (c === '.') piece = [flags.dotAll ? '.' : '[^\\n]', i + 1];
    else if (c === '^') piece = [flags.multiline ? '(?:^|(?<=\\n))' : '^', i + 1];
    else if (c === '$') piece = [flags.multiline ? '(?:$|(?=\\n))' : '$', i + 1];
    else piece = [c, i + 1];
    out += piece[0];
    i = piece[1];
  }
  return { pattern: out, ignoreCase: flags.ignoreCase };
}
