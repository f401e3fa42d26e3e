// EQL `regex` (Lucene syntax) → RE2: the translated, anchored pattern accepts exactly the strings Lucene would.
import { describe, expect, it } from 'vitest';
import { parseEql } from '../../src/formats/elastic/eql/index.js';
import { compileRegex } from '../../src/util/safe-regex.js';

/** Tests `text` against the RE2 matcher produced for `x regex[~] <pattern>`. */
function regexAccepts(pattern: string, text: string, caseInsensitive = false): boolean {
  const { detection, notEvaluable } = parseEql(
    `any where x regex${caseInsensitive ? '~' : ''} """${pattern}"""`,
  );
  expect(notEvaluable).toEqual([]);
  if (detection?.kind !== 'match' || detection.matcher.kind !== 'regex') throw new Error('not a regex match');
  return compileRegex(detection.matcher.pattern, detection.matcher.flags).test(text);
}

function notEvaluable(pattern: string): string[] {
  return parseEql(`any where x regex """${pattern}"""`).notEvaluable;
}

describe('Lucene regex translated to RE2', () => {
  it('matches the whole value only', () => {
    expect(regexAccepts('b', 'b')).toBe(true);
    expect(regexAccepts('b', 'abc')).toBe(false);
    expect(regexAccepts('a|bc', 'abc')).toBe(false);
    expect(regexAccepts('a|bc', 'bc')).toBe(true);
  });

  it('lets . match a newline', () => {
    expect(regexAccepts('a.c', 'a\nc')).toBe(true);
  });

  it('treats ^ and $ as literal characters, as Lucene does', () => {
    expect(regexAccepts('^a$', '^a$')).toBe(true);
    expect(regexAccepts('^a$', 'a')).toBe(false);
  });

  it('folds case only for regex~', () => {
    expect(regexAccepts('abc', 'ABC')).toBe(false);
    expect(regexAccepts('abc', 'ABC', true)).toBe(true);
  });

  it('supports classes, ranges, negation, escapes and \\d \\s \\w', () => {
    expect(regexAccepts('[a-c]+[^0-9]', 'abcx')).toBe(true);
    expect(regexAccepts('[a-c]+[^0-9]', 'abc1')).toBe(false);
    expect(regexAccepts(String.raw`\d{3}\s\w+`, '123 ab_1')).toBe(true);
    expect(regexAccepts(String.raw`C:\\Windows\\.*\.exe`, 'C:\\Windows\\x.exe')).toBe(true);
    expect(regexAccepts('[-a]+', '-a-')).toBe(true);
    expect(regexAccepts(String.raw`[\]\\]+`, ']\\')).toBe(true);
  });

  it('supports repetition counts and stacked quantifiers', () => {
    expect(regexAccepts('a{2,3}', 'aaa')).toBe(true);
    expect(regexAccepts('a{2,3}', 'aaaa')).toBe(false);
    expect(regexAccepts('a{2,}', 'aaaaa')).toBe(true);
    expect(regexAccepts('x.*?y', 'x123y')).toBe(true);
    expect(regexAccepts('(ab)+?', '')).toBe(true);
  });

  it('reads "…" as a literal string and @ as any string, # as nothing', () => {
    expect(regexAccepts('"a.b"c', 'a.bc')).toBe(true);
    expect(regexAccepts('"a.b"c', 'axbc')).toBe(false);
    expect(regexAccepts('a@', 'a anything')).toBe(true);
    expect(regexAccepts('a#|b', 'a')).toBe(false);
    expect(regexAccepts('a#|b', 'b')).toBe(true);
  });

  it('escapes characters RE2 would otherwise read as syntax', () => {
    expect(regexAccepts(String.raw`\(\$\)`, '($)')).toBe(true);
    expect(regexAccepts('a}', 'a}')).toBe(true);
  });

  it('names the Lucene operators RE2 cannot express', () => {
    expect(notEvaluable('a&b')).toEqual(['regex intersection operator &']);
    expect(notEvaluable('~(a)')).toEqual(['regex complement operator ~']);
    expect(notEvaluable('<1-10>')).toEqual(['regex numeric interval <n-m>']);
    expect(notEvaluable('a{1001}')).toEqual(['regex repetition above 1000']);
  });

  it('rejects malformed patterns', () => {
    for (const pattern of ['(a', 'a)', '[abc', '*a', 'a{x}', 'a{3,1}', '[]', '"open']) {
      expect(() => parseEql(`any where x regex """${pattern}"""`), pattern).toThrow(/invalid regex/);
    }
  });

  it('bounds group nesting', () => {
    const deep = `${'('.repeat(150)}a${')'.repeat(150)}`;
    expect(() => parseEql(`any where x regex "${deep}"`)).toThrow(/groups nested deeper than 100/);
  });
});
