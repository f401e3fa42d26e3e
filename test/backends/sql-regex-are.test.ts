// RE2 → PostgreSQL ARE translation: golden translations, refusals, and (with DRAGNET_PG_URL) agreement with RE2.
import RE2 from 're2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString } from '../../src/backends/sql/literal.js';
import { re2ToPostgresAre } from '../../src/backends/sql/regex-are.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { PostgresSession } from '../../src/engine/sql/postgres-session.js';
import type { RegexFlags } from '../../src/ir/matcher.js';

const PLAIN: RegexFlags = { ignoreCase: false, multiline: false, dotAll: false };

describe('translation', () => {
  const cases: [string, Partial<RegexFlags>, string][] = [
    ['a.b', {}, 'a[^\\n]b'],
    ['a.b', { dotAll: true }, 'a.b'],
    ['^a$', {}, '^a$'],
    ['^a$', { multiline: true }, '(?:^|(?<=\\n))a(?:$|(?=\\n))'],
    ['\\d\\w\\s\\D\\W\\S', {}, '[0-9][0-9A-Za-z_][\\t\\n\\f\\r ][^0-9][^0-9A-Za-z_][^\\t\\n\\f\\r ]'],
    ['[\\d_x-z]', {}, '[0-9_x-z]'],
    ['[]a]', {}, '[\\]a]'],
    ['[^[]', {}, '[^\\[]'],
    ['[[:alpha:][:digit:]]', {}, '[A-Za-z0-9]'],
    ['\\bword\\B', {}, '\\yword\\Y'],
    ['\\Afoo\\z', {}, '\\Afoo\\Z'],
    ['\\x41\\x{263A}', {}, '\\U00000041\\U0000263A'],
    ['\\Qa.b*\\E+', {}, 'a\\.b\\*+'],
    ['(?P<name>x)(?<other>y)(?:z)', {}, '(x)(y)(?:z)'],
    ['a{2,3}b{,2}c{', {}, 'a{2,3}b\\{,2\\}c\\{'],
    ['C:\\\\Windows\\.exe', {}, 'C:\\\\Windows\\.exe'],
    ['\\t\\n', {}, '\\t\\n'],
  ];
  for (const [pattern, flags, expected] of cases) {
    it(`${pattern} ${JSON.stringify(flags)}`, () => {
      expect(re2ToPostgresAre(pattern, { ...PLAIN, ...flags })).toEqual({
        pattern: expected,
        ignoreCase: false,
      });
    });
  }

  it('leading inline flags become flags', () => {
    expect(re2ToPostgresAre('(?is)a.b', PLAIN)).toEqual({ pattern: 'a.b', ignoreCase: true });
    expect(re2ToPostgresAre('(?s-i)a.b', { ...PLAIN, ignoreCase: true })).toEqual({
      pattern: 'a.b',
      ignoreCase: false,
    });
  });

  const refused = [
    'a(?i)b',
    '(?i:a)',
    '\\pL',
    '[\\D]',
    '[[:^alpha:]]',
    '\\1',
    'a{300}',
    '[abc',
    '\\x{0}',
    'x\\',
  ];
  for (const pattern of refused) {
    it(`refuses ${pattern}`, () => {
      expect(() => re2ToPostgresAre(pattern, PLAIN)).toThrow(UnsupportedConstruct);
    });
  }
});

const pgUrl = process.env.DRAGNET_PG_URL;
describe.skipIf(!pgUrl)('PostgreSQL agrees with RE2 (DRAGNET_PG_URL)', () => {
  let session: PostgresSession;
  beforeAll(async () => {
    session = await PostgresSession.open(pgUrl!);
  });
  afterAll(async () => {
    await session?.close();
  });

  const subjects = [
    'a\nb',
    'A\nB',
    'ab',
    'a_b',
    'foo bar',
    'foobar',
    'é1',
    'x{2}',
    'C:\\Windows\\cmd.exe',
    'line1\nline2',
    ' \t',
    'aa',
    '[x]',
    'Ünïcode word',
  ];
  const patterns: [string, Partial<RegexFlags>][] = [
    ['a.b', {}],
    ['a.b', { dotAll: true }],
    ['a.b', { ignoreCase: true }],
    ['^b', {}],
    ['^b', { multiline: true }],
    ['a$', { multiline: true }],
    ['\\bbar', {}],
    ['o\\b', {}],
    ['\\w+\\s\\w+', {}],
    ['[^a]', {}],
    ['\\d', {}],
    ['x\\{2\\}', {}],
    ['x{2}', {}],
    ['[[:upper:]]', {}],
    ['\\\\cmd\\.exe$', {}],
    ['^[^\\n]*$', {}],
    ['(?i)ünïcode', {}],
    ['\\Qx{2}\\E', {}],
    ['\\[x\\]', {}],
  ];
  for (const [pattern, flags] of patterns) {
    it(`${pattern} ${JSON.stringify(flags)}`, async () => {
      const full = { ...PLAIN, ...flags };
      const re2 = new RE2(
        pattern,
        `u${full.ignoreCase ? 'i' : ''}${full.multiline ? 'm' : ''}${full.dotAll ? 's' : ''}`,
      );
      const translated = re2ToPostgresAre(pattern, full);
      const operator = translated.ignoreCase ? '~*' : '~';
      const columns = subjects.map(
        (s, i) => `${sqlString(s)} ${operator} ${sqlString(translated.pattern)} AS "m${i}"`,
      );
      const found: boolean[] = [];
      await session.query(`SELECT ${columns.join(', ')}`, (rows) => {
        for (const [i] of subjects.entries()) found.push(rows[0]![`m${i}`] as boolean);
      });
      expect(found).toEqual(subjects.map((s) => re2.test(s)));
    });
  }
});
