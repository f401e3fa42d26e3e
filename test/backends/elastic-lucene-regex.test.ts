// IR regexes rewritten in Lucene's whole-value dialect: golden output, refusals, and equivalence checked by
// translating back with the EQL parser's Lucene reader and running both through RE2 on generated strings.
import { describe, expect, it } from 'vitest';
import { caseInsensitiveWildcardRegex, luceneRegex } from '../../src/backends/elastic/lucene-regex.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { luceneToRe2 } from '../../src/formats/elastic/eql/lucene-regex.js';
import type { RegexFlags, RegexMatcher } from '../../src/ir/matcher.js';
import { compileRegex } from '../../src/util/safe-regex.js';

const PLAIN: RegexFlags = { ignoreCase: false, multiline: false, dotAll: false };
const regex = (pattern: string, flags: Partial<RegexFlags> = {}): RegexMatcher => ({
  kind: 'regex',
  pattern,
  flags: { ...PLAIN, ...flags },
});

/** Whole-value test of a Lucene pattern, read the way the EQL parser reads `regex` patterns. */
function luceneTester(lucene: string): (text: string) => boolean {
  const translation = luceneToRe2(lucene);
  if (!('pattern' in translation)) throw new Error(`not readable back: ${translation.unsupported}`);
  const compiled = compileRegex(`^(?:${translation.pattern})$`, {
    ignoreCase: false,
    multiline: false,
    dotAll: true,
  });
  return (text) => compiled.test(text);
}

/** Deterministic strings over an alphabet, short enough to hit every branch of small patterns. */
function samples(alphabet: string[], count: number): string[] {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out = [''];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(random() * 9);
    out.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  }
  return out;
}

describe('luceneRegex', () => {
  it.each([
    ['^cmd\\.exe$', PLAIN, 'cmd\\.exe'],
    ['cmd', PLAIN, '.*cmd.*'],
    ['^a', PLAIN, 'a.*'],
    ['b$', PLAIN, '.*b'],
    ['\\d{2,4}', PLAIN, '.*[0-9]{2,4}.*'],
    ['a.b', PLAIN, '.*a[^\n]b.*'],
    ['a.b', { ...PLAIN, dotAll: true }, '.*a.b.*'],
    ['(?i)^ab$', PLAIN, '[Aa][Bb]'],
    ['^x|y$', PLAIN, 'x.*|.*y'],
    ['^a"b/c#d$', PLAIN, 'a\\"b\\/c\\#d'],
    ['^[^a-c]+?$', PLAIN, '[^a-c]+'],
    ['^(?:ab|)$', PLAIN, '(ab|())'],
  ])('%s → %s', (pattern, flags, expected) => {
    expect(luceneRegex(regex(pattern, flags))).toBe(expected);
  });

  it.each([
    ['a(?=b)', 'lookaround'],
    ['(a)\\1', 'backreference'],
    ['\\bword', 'word boundary'],
    ['a^b', 'anchor'],
    ['(^a|b)', 'anchor'],
    ['a*+', 'possessive'],
    ['a(?i)b', 'inline flags'],
    ['\\p{L}', 'escape'],
  ])('refuses %s', (pattern, reason) => {
    const run = () => luceneRegex(regex(pattern));
    expect(run).toThrow(UnsupportedConstruct);
    expect(run).toThrow(reason);
  });

  const equivalence: [string, Partial<RegexFlags>][] = [
    ['ab', {}],
    ['^a.c$', {}],
    ['^a.c$', { dotAll: true }],
    ['[a-c]x|^y', {}],
    ['\\d\\s\\w', {}],
    ['[^\\d]b', {}],
    ['(?i)K[a-b]', {}],
    ['é', { ignoreCase: true }],
    ['^a$', { multiline: true }],
    ['^(ab)+$', {}],
    ['a{2}b?', {}],
    ['\\.\\*\\?\\+\\(\\)\\[\\]\\{\\}\\|', {}],
    ['[\\]\\-^]', {}],
    ['\\x41\\u00e9\\t', {}],
    ['^<>~@&#"$', {}],
  ];
  it.each(equivalence)('%s %o keeps its matches', (pattern, flags) => {
    const matcher = regex(pattern, flags);
    const original = compileRegex(matcher.pattern, matcher.flags);
    const lucene = luceneTester(luceneRegex(matcher));
    const alphabet = [...new Set([...'abcxyKkÉé.*?+()[]{}|-^\n\t 19_<>~@&#"A', ...pattern])];
    for (const text of samples(alphabet, 3000))
      expect(lucene(text), JSON.stringify(text)).toBe(original.test(text));
  });
});

describe('caseInsensitiveWildcardRegex', () => {
  it('folds letters into classes and keeps the wildcards', () => {
    const lucene = caseInsensitiveWildcardRegex([
      { type: 'any' },
      { type: 'literal', text: 'C:\\a.exe' },
      { type: 'one' },
    ]);
    expect(lucene).toBe('.*[Cc]:\\\\[Aa]\\.[Ee][Xx][Ee].');
    const test = luceneTester(lucene);
    expect(test('x:\\c:\\A.EXE1')).toBe(true);
    expect(test('c:\\a.exe')).toBe(false);
    expect(test('c:\\aXexe1')).toBe(false);
  });
});
