// KQL, Lucene, ES|QL and EQL backends: golden output per construct, refusals, and round trips through the
// dragnet KQL and EQL parsers checked by running both expressions on the same events.
import { describe, expect, it } from 'vitest';
import { createEqlBackend, eqlBackend } from '../../src/backends/elastic/eql.js';
import { esqlBackend } from '../../src/backends/elastic/esql.js';
import { createKueryBackend, kueryBackend } from '../../src/backends/elastic/kuery.js';
import { createLuceneBackend, luceneBackend } from '../../src/backends/elastic/lucene.js';
import { type TargetRule, UnsupportedConstruct } from '../../src/backends/target.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { parseEql } from '../../src/formats/elastic/eql/index.js';
import { parseKuery } from '../../src/formats/elastic/kuery/index.js';
import { and, type Expr, match, not, or, TRUE } from '../../src/ir/expr.js';
import type { StringOp } from '../../src/ir/matcher.js';
import type { Aggregation, LogicMode, Rule } from '../../src/ir/rule.js';
import { ANY, lit, ONE, regex, str as sharedStr, wildcard as sharedWildcard } from '../helpers/matchers.js';
import { targetRule } from '../helpers/target-rule.js';

function target(detection: Expr, rule: Partial<Rule> = {}): TargetRule {
  return targetRule(detection, {
    sources: ['logs-endpoint.events.process-*', 'winlogbeat-*'],
    mapField: (field) => (field === 'User' ? 'user.name' : field),
    rule: { taxonomy: 'ecs', ...rule },
  });
}

/** Case-sensitive unless told otherwise, unlike the shared builder. */
const str = (op: StringOp, value: string, caseSensitive = true) => sharedStr(op, value, caseSensitive);
const name = (value: string, caseSensitive = true) =>
  match('process.name', str('equals', value, caseSensitive));
const cmd = (op: StringOp, value: string, caseSensitive = true) =>
  match('process.command_line', str(op, value, caseSensitive));
/** A wildcard from glob text (`*`, `?`, one literal part per other character); case-sensitive unless told otherwise. */
const wildcard = (text: string, caseSensitive = true) =>
  sharedWildcard(
    Array.from(text, (c) => (c === '*' ? ANY : c === '?' ? ONE : lit(c))),
    caseSensitive,
  );

/** Runs two expressions on the same events and expects the same verdicts (null counts as no match). */
function expectSameMatches(
  original: Expr,
  parsed: Expr,
  events: JsonObject[],
  logic: LogicMode = 'boolean',
): void {
  const a = compileExpr(original, logic);
  const b = compileExpr(parsed, logic);
  for (const event of events) {
    const view = new EventView(event);
    expect(b(view) === true, JSON.stringify(event)).toBe(a(view) === true);
  }
}

const EVENTS: JsonObject[] = [
  { process: { name: 'cmd.exe', command_line: 'cmd /c whoami', pid: 4 }, source: { ip: '10.1.2.3' } },
  {
    process: { name: 'CMD.EXE', command_line: 'C:\\Windows\\cmd.exe /c net user' },
    source: { ip: '192.168.0.1' },
  },
  { process: { name: 'powershell.exe', command_line: 'powershell -enc AAAA', pid: 9000 } },
  { process: { command_line: 'a (b) "c" or d:*' } },
  { user: { name: 'admin' } },
  {},
];

describe('kuery', () => {
  it.each<[string, Expr, string]>([
    ['equality', name('cmd.exe'), 'process.name: "cmd.exe"'],
    ['contains', cmd('contains', 'whoami'), 'process.command_line: *whoami*'],
    ['startswith', cmd('startswith', 'C:\\Win'), 'process.command_line: C\\:\\\\Win*'],
    [
      'operators',
      and([name('a'), or([name('b'), not(name('c'))])]),
      'process.name: "a" and (process.name: "b" or not process.name: "c")',
    ],
    ['negated group', not(or([name('a'), name('b')])), 'not (process.name: "a" or process.name: "b")'],
    ['exists', { kind: 'exists', field: 'process.pid' }, 'process.pid: *'],
    ['null', match('process.pid', { kind: 'null' }), 'not process.pid: *'],
    [
      'range',
      match('process.pid', { kind: 'compare', op: 'gte', value: 5, type: 'number' }),
      'process.pid >= 5',
    ],
    ['cidr', match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }), 'source.ip: "10.0.0.0/8"'],
    ['free text', { kind: 'keyword', matcher: str('equals', 'mimikatz') }, '"mimikatz"'],
    [
      'nested',
      { kind: 'nested', path: 'user.roles', child: match('name', str('equals', 'admin')) },
      'user.roles: { name: "admin" }',
    ],
    [
      'operator words',
      cmd('contains', 'a (b) "c" or d:*'),
      'process.command_line: *a \\(b\\) \\"c\\" \\or d\\:\\**',
    ],
    ['case-free text ignoring case', match('event.code', str('equals', '4688', false)), 'event.code: "4688"'],
    ['match all', TRUE, '*: *'],
  ])('%s', (_, expr, expected) => {
    expect(kueryBackend.render(target(expr))).toBe(expected);
  });

  it.each<[string, Expr, string]>([
    ['regex', match('process.name', regex('^cmd')), 'regex'],
    ['single-character wildcard', match('process.name', wildcard('cm?.exe')), 'single-character'],
    ['case-insensitive match', name('cmd.exe', false), 'case-insensitive'],
    [
      'field reference',
      { kind: 'fieldref', field: 'a', other: 'b', op: 'equals', caseSensitive: true },
      'two fields',
    ],
    ['cidr on a keyword field', match('process.name', { kind: 'cidr', cidr: '10.0.0.0/8' }), 'not ip'],
    ['whitespace at a wildcard end', cmd('startswith', ' x'), 'whitespace'],
  ])('refuses %s', (_, expr, reason) => {
    const render = () => kueryBackend.render(target(expr));
    expect(render).toThrow(UnsupportedConstruct);
    expect(render).toThrow(reason);
  });

  it('refuses aggregations', () => {
    const threshold: Aggregation = { kind: 'threshold', groupBy: ['host.id'], value: 5, windowMs: 300_000 };
    expect(() => kueryBackend.render(target(name('a'), { aggregation: threshold }))).toThrow(
      'threshold aggregation',
    );
  });

  it('uses the .caseless multi-field for case-insensitive matches when it exists', () => {
    const backend = createKueryBackend({ caselessFields: ['process.name'] });
    expect(
      backend.render(
        target(or([name('CMD.exe', false), match('process.name', wildcard('*Net?.EXE', false))].slice(0, 1))),
      ),
    ).toBe('process.name.caseless: "cmd.exe"');
    expect(backend.render(target(match('process.name', str('endswith', '\\Net.EXE', false))))).toBe(
      'process.name.caseless: *\\\\net.exe',
    );
  });

  it('matches the case as written only when asked to', () => {
    const backend = createKueryBackend({ caseInsensitive: 'as-written' });
    expect(backend.render(target(name('CMD.exe', false)))).toBe('process.name: "CMD.exe"');
  });

  it.each<[string, Expr]>([
    [
      'boolean structure',
      and([or([name('cmd.exe'), cmd('contains', 'enc')]), not(cmd('startswith', 'C:\\'))]),
    ],
    ['escaped punctuation', cmd('equals', 'a (b) "c" or d:*')],
    ['exists and null', or([{ kind: 'exists', field: 'user.name' }, match('process.pid', { kind: 'null' })])],
    [
      'range and cidr',
      or([
        match('process.pid', { kind: 'compare', op: 'gt', value: 100, type: 'number' }),
        match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }),
      ]),
    ],
  ])('round-trips %s through the KQL parser', (_, expr) => {
    expectSameMatches(expr, parseKuery(kueryBackend.render(target(expr))), EVENTS);
  });

  it('escapes nasty strings so the KQL parser recovers them', () => {
    for (const text of nastyStrings()) {
      expect(parseKuery(kueryBackend.render(target(cmd('equals', text))))).toEqual(cmd('equals', text));
      const contains = cmd('contains', text);
      if (/^\s|\s$/.test(text) && text.length > 0) continue;
      expect(parseKuery(kueryBackend.render(target(contains))), JSON.stringify(text)).toEqual(contains);
    }
  });
});

/** Strings built from the characters and words each query syntax treats specially. */
function nastyStrings(): string[] {
  const pieces = [
    '\\',
    '"',
    "'",
    '(',
    ')',
    ':',
    '<',
    '>',
    '*',
    '?',
    '{',
    '}',
    '[',
    ']',
    '/',
    ' ',
    ' or ',
    ' and ',
    'not ',
    'NOT ',
    ' OR ',
    '\t',
    '\n',
    '\\u0041',
    '\\n',
    '=',
    '~',
    '!',
    '&&',
    '||',
    '^',
    '+',
    '-',
    '#',
    '@',
    'é',
    '日本',
    'x',
    '`',
    '$',
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const out = ['or', 'and', 'not', 'null', 'true', ...pieces.map((p) => `a${p}b`)];
  for (let i = 0; i < 300; i++) {
    const length = 1 + Math.floor(random() * 6);
    out.push(Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
  }
  return out;
}

describe('lucene', () => {
  it.each<[string, Expr, string]>([
    ['equality', name('cmd.exe'), 'process.name:"cmd.exe"'],
    [
      'contains with reserved characters',
      cmd('contains', 'a b:(c)/d+e'),
      'process.command_line:*a\\ b\\:\\(c\\)\\/d\\+e*',
    ],
    ['wildcards', match('process.name', wildcard('cm?.*')), 'process.name:cm?.*'],
    [
      'operators',
      and([name('a'), or([name('b'), not(name('c'))])]),
      'process.name:"a" AND (process.name:"b" OR (*:* NOT process.name:"c"))',
    ],
    [
      'case-insensitive without .caseless',
      name('Cmd.exe', false),
      'process.name:/[Cc][Mm][Dd]\\.[Ee][Xx][Ee]/',
    ],
    [
      'regex',
      match('process.command_line', regex('^powershell.*-enc\\s')),
      'process.command_line:/powershell[^\n]*-enc[\t-\n\f-\r\\ ].*/',
    ],
    ['exists', { kind: 'exists', field: 'process.pid' }, '_exists_:process.pid'],
    ['null', match('process.pid', { kind: 'null' }), '(*:* NOT _exists_:process.pid)'],
    [
      'range',
      match('process.pid', { kind: 'compare', op: 'gt', value: -5, type: 'number' }),
      'process.pid:{-5 TO *}',
    ],
    [
      'date range',
      match('@timestamp', { kind: 'compare', op: 'lte', value: '2024-01-01', type: 'date' }),
      '@timestamp:[* TO "2024-01-01"]',
    ],
    ['cidr', match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }), 'source.ip:"10.0.0.0/8"'],
    ['negative number', match('process.exit_code', { kind: 'number', value: -1 }), 'process.exit_code:\\-1'],
    [
      'quoted phrase escapes',
      cmd('equals', 'say "hi" \\ bye'),
      'process.command_line:"say \\"hi\\" \\\\ bye"',
    ],
  ])('%s', (_, expr, expected) => {
    expect(luceneBackend.render(target(expr))).toBe(expected);
  });

  it('prefers the .caseless multi-field', () => {
    const backend = createLuceneBackend({ caselessFields: ['process.name'] });
    expect(backend.render(target(match('process.name', str('startswith', 'Net', false))))).toBe(
      'process.name.caseless:net*',
    );
  });

  it.each<[string, Expr, string]>([
    ['lookahead', match('process.name', regex('a(?=b)')), 'lookaround'],
    ['nested', { kind: 'nested', path: 'p', child: name('x') }, 'nested'],
    [
      'transform',
      match('process.name', { kind: 'number', value: 3 }, { kind: 'length' }),
      'length transform',
    ],
  ])('refuses %s', (_, expr, reason) => {
    expect(() => luceneBackend.render(target(expr))).toThrow(reason);
  });
});

describe('esql', () => {
  it.each<[string, Expr, string]>([
    ['equality', name('cmd.exe'), 'process.name == "cmd.exe"'],
    ['case-insensitive equality', name('CMD.exe', false), 'TO_LOWER(process.name) == "cmd.exe"'],
    ['contains', cmd('contains', 'a*b?c\\'), 'process.command_line LIKE "*a\\\\*b\\\\?c\\\\\\\\*"'],
    [
      'starts and ends',
      and([cmd('startswith', 'C:'), cmd('endswith', '.exe', false)]),
      'STARTS_WITH(process.command_line, "C:") AND ENDS_WITH(TO_LOWER(process.command_line), ".exe")',
    ],
    [
      'case-insensitive wildcard',
      match('process.name', wildcard('Cm?.*', false)),
      'TO_LOWER(process.name) LIKE "cm?.*"',
    ],
    ['regex', match('process.name', regex('^c.d$')), 'process.name RLIKE "c[^\\n]d"'],
    ['cidr', match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }), 'CIDR_MATCH(source.ip, "10.0.0.0/8")'],
    [
      'null and exists',
      or([match('a.b', { kind: 'null' }), { kind: 'exists', field: 'c' }]),
      'a.b IS NULL OR c IS NOT NULL',
    ],
    [
      'length',
      match('process.name', { kind: 'compare', op: 'gt', value: 20, type: 'number' }, { kind: 'length' }),
      'LENGTH(process.name) > 20',
    ],
    ['quoted identifier', match('weird-field.in', { kind: 'bool', value: true }), '`weird-field.in` == true'],
    [
      'date',
      match('@timestamp', { kind: 'compare', op: 'gte', value: '2024-01-01T00:00:00Z', type: 'date' }),
      '@timestamp >= TO_DATETIME("2024-01-01T00:00:00Z")',
    ],
    [
      'field reference',
      { kind: 'fieldref', field: 'a', other: 'b', op: 'contains', caseSensitive: false },
      'LOCATE(TO_LOWER(a), TO_LOWER(b)) > 0',
    ],
  ])('%s', (_, expr, expected) => {
    expect(esqlBackend.render(target(expr, { logic: 'ternary' }))).toBe(
      `FROM logs-endpoint.events.process-*, winlogbeat-*\n| WHERE ${expected}`,
    );
  });

  it('keeps two-valued logic: a negated test also matches events without the field', () => {
    expect(esqlBackend.render(target(not(name('cmd.exe'))))).toBe(
      'FROM logs-endpoint.events.process-*, winlogbeat-*\n| WHERE NOT (process.name IS NOT NULL AND process.name == "cmd.exe")',
    );
  });

  it('counts threshold groups with STATS', () => {
    const aggregation: Aggregation = {
      kind: 'threshold',
      groupBy: ['User', 'host.id'],
      value: 10,
      cardinality: [{ field: 'source.ip', value: 3 }],
      windowMs: 300_000,
    };
    expect(esqlBackend.render(target(name('sshd'), { aggregation }))).toBe(
      [
        'FROM logs-endpoint.events.process-*, winlogbeat-*',
        'WHERE process.name == "sshd"',
        'STATS event_count = COUNT(*), distinct_1 = COUNT_DISTINCT(source.ip) BY user.name, host.id',
        'WHERE event_count >= 10 AND distinct_1 >= 3',
      ].join('\n| '),
    );
  });

  it('renders count correlations over tumbling windows', () => {
    const aggregation: Aggregation = {
      kind: 'correlation',
      type: 'value_count',
      rules: ['a'],
      groupBy: ['User'],
      timespanMs: 3_600_000,
      condition: { criteria: [{ op: 'gte', value: 5 }], field: 'host.name' },
      aliases: {},
      generate: false,
    };
    expect(esqlBackend.render(target(TRUE, { aggregation }))).toBe(
      [
        'FROM logs-endpoint.events.process-*, winlogbeat-*',
        'STATS event_count = COUNT_DISTINCT(host.name) BY window = BUCKET(@timestamp, 1 hour), user.name',
        'WHERE event_count >= 5',
      ].join('\n| '),
    );
  });

  it.each<[string, Expr, Aggregation | undefined, string]>([
    ['free text', { kind: 'keyword', matcher: str('contains', 'x') }, undefined, 'fieldless'],
    ['sequence', TRUE, { kind: 'sequence', by: [], steps: [] }, 'eql backend'],
    ['new terms', TRUE, { kind: 'new_terms', fields: ['a'], historyWindowMs: 1 }, 'history'],
  ])('refuses %s', (_, expr, aggregation, reason) => {
    expect(() => esqlBackend.render(target(expr, aggregation ? { aggregation } : {}))).toThrow(reason);
  });
});

describe('eql', () => {
  const category = match('event.category', str('equals', 'process'));
  it.each<[string, Expr, string]>([
    ['category and equality', and([category, name('cmd.exe')]), 'process where process.name == "cmd.exe"'],
    ['case-insensitive', and([category, name('CMD.exe', false)]), 'process where process.name : "CMD.exe"'],
    ['contains', cmd('contains', 'whoami', false), 'any where process.command_line : "*whoami*"'],
    [
      'case-sensitive wildcard',
      match('process.name', wildcard('cm?.*')),
      'any where process.name like "cm?.*"',
    ],
    ['literal star', cmd('contains', 'a*b', false), 'any where stringContains~(process.command_line, "a*b")'],
    ['literal star equality', cmd('equals', 'a*b', false), 'any where process.command_line in~ ("a*b")'],
    ['regex', match('process.name', regex('(?i)^cmd\\.exe$')), 'any where process.name regex~ "cmd\\\\.exe"'],
    [
      'cidr',
      match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }),
      'any where cidrMatch(source.ip, "10.0.0.0/8")',
    ],
    [
      'length',
      match('process.name', { kind: 'number', value: 7 }, { kind: 'length' }),
      'any where length(process.name) == 7',
    ],
    ['null', match('process.pid', { kind: 'null' }), 'any where process.pid == null'],
  ])('%s', (_, expr, expected) => {
    expect(eqlBackend.render(target(expr, { logic: 'ternary' }))).toBe(expected);
  });

  it('renders sequences with join keys, maxspan, runs, missing events and until', () => {
    const aggregation: Aggregation = {
      kind: 'sequence',
      by: ['host.id'],
      maxspanMs: 300_000,
      steps: [
        { expr: and([category, name('cmd.exe')]), by: ['User'], runs: 2 },
        { expr: match('event.category', str('equals', 'network')), by: ['User'] },
        { expr: and([category, name('x')]), by: ['User'], missing: true },
      ],
      until: { expr: match('event.type', str('equals', 'end')), by: ['User'] },
    };
    const text = eqlBackend.render(target(TRUE, { aggregation, logic: 'ternary' }));
    expect(text).toBe(
      [
        'sequence by host.id with maxspan=5m',
        '  [process where process.name == "cmd.exe"] by user.name with runs=2',
        '  [network where true] by user.name',
        '  ![process where process.name == "x"] by user.name',
        'until [any where event.type == "end"] by user.name',
      ].join('\n'),
    );
    const parsed = parseEql(text).sequence!;
    expect(parsed.by).toEqual(['host.id']);
    expect(parsed.maxspanMs).toBe(300_000);
    expect(parsed.steps.map((s) => [s.by, s.runs, s.missing])).toEqual([
      [['user.name'], 2, undefined],
      [['user.name'], undefined, undefined],
      [['user.name'], undefined, true],
    ]);
  });

  it.each<[string, Expr, LogicMode]>([
    [
      'negation in two-valued logic',
      and([category, not(or([name('cmd.exe', false), cmd('contains', 'whoami', false)]))]),
      'boolean',
    ],
    ['negation in three-valued logic', not(name('cmd.exe')), 'ternary'],
    [
      'regex, cidr and case',
      or([
        match('process.command_line', regex('net\\s+user', true)),
        match('source.ip', { kind: 'cidr', cidr: '10.0.0.0/8' }),
      ]),
      'boolean',
    ],
  ])('round-trips %s through the EQL parser', (_, expr, logic) => {
    const text = eqlBackend.render(target(expr, { logic }));
    const events = EVENTS.map((e) => ({ ...e, event: { category: 'process' } }));
    expectSameMatches(expr, parseEql(text).detection!, events, logic);
  });

  it('escapes nasty strings so the EQL parser recovers them', () => {
    for (const text of nastyStrings()) {
      for (const expr of [cmd('equals', text), cmd('contains', text, false), cmd('startswith', text)]) {
        const parsed = parseEql(eqlBackend.render(target(expr, { logic: 'ternary' }))).detection!;
        expectSameMatches(
          expr,
          parsed,
          [
            { process: { command_line: text } },
            { process: { command_line: `${text}x` } },
            { process: { command_line: text.toUpperCase() } },
          ],
          'ternary',
        );
      }
    }
  });

  it.each<[string, Expr, string]>([
    [
      'field equality',
      { kind: 'fieldref', field: 'a', other: 'b', op: 'equals', caseSensitive: true },
      'equality',
    ],
    [
      'wildcard with a literal star',
      match('process.name', {
        kind: 'wildcard',
        parts: [{ type: 'literal', text: 'a*' }, { type: 'any' }],
        caseSensitive: true,
      }),
      'literal',
    ],
    ['free text', { kind: 'keyword', matcher: str('contains', 'x') }, 'fieldless'],
  ])('refuses %s', (_, expr, reason) => {
    expect(() => createEqlBackend().render(target(expr))).toThrow(reason);
  });
});
