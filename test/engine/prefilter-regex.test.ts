// Literals a regex needs: plain runs outside optional parts, alternatives for top-level alternation, nothing unsure.
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/engine/prefilter/case-fold.js';
import { regexLiterals } from '../../src/engine/prefilter/regex-literals.js';

describe('regexLiterals', () => {
  it.each([
    ['cmd\\.exe', ['cmd.exe']],
    ['foo.*barbaz', ['barbaz']],
    ['(foo|bar)bazqux', ['bazqux']],
    ['(foo|bar)', ['foo', 'bar']],
    ['abc|de', ['abc', 'de']],
    ['ab{0,3}cdef', ['cdef']],
    ['x+yz', ['yz']],
    ['[abc]defg', ['defg']],
    ['\\x41bcd', ['bcd']],
    ['\\u0041bcd', ['bcd']],
    ['(?i)powershell', ['powershell']],
    ['(?i:invoke)-expression', ['-expression']],
    ['(?P<n>mimikatz)\\s', ['mimikatz']],
    ['^\\\\\\\\[a-z]+\\$$', ['\\\\']],
    ['a(bcd)?e', ['a']],
    ['(bcd)+e', ['bcd']],
    ['[[:alpha:]]xyz', ['xyz']],
    ['[]a]bcd', ['bcd']],
  ])('%s needs %j', (pattern, expected) => {
    expect(regexLiterals(pattern)).toEqual(expected);
  });

  it.each([
    ['abc|'],
    ['(abc)?'],
    ['a*'],
    ['foo\\Qbar\\E'],
    ['(?=abc)'],
    ['\\1abc'],
    ['a{,3}bc'],
    ['[abc'],
    ['(abc'],
    ['abc)'],
    ['\\pLabc|x?'],
  ])('%s needs nothing certain', (pattern) => {
    expect(regexLiterals(pattern)).toBeNull();
  });

  it('never asks for a literal that a matching text lacks', () => {
    const cases: [string, string[]][] = [
      ['(?i)Invoke-(Web|Rest)Request', ['iNvOkE-webrequest', 'x invoke-RESTREQUEST y']],
      ['\\\\Windows\\\\(System32|SysWOW64)\\\\[a-z]+\\.exe', ['C:\\Windows\\SysWOW64\\cmd.exe']],
      ['ab+c?d{2,}(ef)*g', ['abbbddg', 'abcddddefefg']],
      ['\\.(ps1|bat)$', ['run.ps1', 'x.bat']],
    ];
    for (const [pattern, texts] of cases) {
      const literals = regexLiterals(pattern)!.map(foldText);
      const regex = new RE2(pattern, 'u');
      for (const text of texts) {
        expect(regex.test(text)).toBe(true);
        expect(literals.some((literal) => foldText(text).includes(literal))).toBe(true);
      }
    }
  });
});
