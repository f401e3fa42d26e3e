// Kusto backend: golden queries per construct, each parsed and analyzed by Microsoft's Kusto parser.
import { describe, expect, it } from 'vitest';
import { createKustoBackend, type KustoOptions, kustoBackend } from '../../src/backends/kusto/kusto.js';
import { kustoAnalysisErrors, kustoSyntaxErrors } from '../../src/backends/kusto/validate.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { type Expr, FALSE, match, TRUE } from '../../src/ir/expr.js';
import type { Aggregation } from '../../src/ir/rule.js';
import { ANY, lit, ONE, regex, str, wildcard } from '../helpers/matchers.js';
import { targetRule as sharedTargetRule, type TargetRuleOptions } from '../helpers/target-rule.js';

const COLUMNS =
  '(Image:string, CommandLine:string, User:string, ParentImage:string, SourceIp:string, Count:string, ' +
  'EventID:long, AdditionalFields:dynamic, Enabled:string, TimeGenerated:datetime, Timestamp:datetime, ' +
  "EventTime:string, ['odd name']:string, user:string)";
const SCHEMA = { SecurityEvent: COLUMNS, WindowsEvent: COLUMNS };

const targetRule = (detection: Expr, options: TargetRuleOptions = {}) =>
  sharedTargetRule(detection, { ...options, sources: options.sources ?? ['SecurityEvent'] });

/** Renders, and requires Microsoft's parser and analyzer to accept the query. */
function render(detection: Expr, options: TargetRuleOptions = {}, kustoOptions?: KustoOptions): string {
  const query = (kustoOptions ? createKustoBackend(kustoOptions) : kustoBackend).render(
    targetRule(detection, options),
  );
  expect(kustoSyntaxErrors(query)).toEqual([]);
  expect(kustoAnalysisErrors(query, SCHEMA)).toEqual([]);
  return query;
}

/** The condition after `SecurityEvent\n| where `. */
function where(detection: Expr, options: TargetRuleOptions = {}): string {
  const query = render(detection, options);
  expect(query.startsWith('SecurityEvent\n| where ')).toBe(true);
  return query.slice('SecurityEvent\n| where '.length);
}

function unsupported(detection: Expr, options: TargetRuleOptions = {}): UnsupportedConstruct {
  try {
    kustoBackend.render(targetRule(detection, options));
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedConstruct);
    return error as UnsupportedConstruct;
  }
  throw new Error('rendered, but should be unsupported');
}

describe('sources', () => {
  it('reads one table, or several through union', () => {
    expect(render(match('Image', str('equals', 'a')))).toBe('SecurityEvent\n| where Image =~ "a"');
    expect(render(match('Image', str('equals', 'a')), { sources: ['SecurityEvent', 'WindowsEvent'] })).toBe(
      'union SecurityEvent, WindowsEvent\n| where Image =~ "a"',
    );
  });

  it('leaves out the where of an always-true detection, keeps an always-false one', () => {
    expect(render(TRUE)).toBe('SecurityEvent');
    expect(render(FALSE)).toBe('SecurityEvent\n| where false');
  });

  it('refuses a rule without a table', () => {
    expect(unsupported(TRUE, { sources: [] }).construct).toBe('logsource');
  });

  it('calls a parameterless function source as written and brackets odd table names', () => {
    const query = kustoBackend.render(targetRule(TRUE, { sources: ['_Im_ProcessCreate()', 'my table'] }));
    expect(query).toBe("union _Im_ProcessCreate(), ['my table']");
    expect(kustoSyntaxErrors(query)).toEqual([]);
  });
});

describe('string matchers', () => {
  it('uses the case-insensitive operators by default', () => {
    expect(where(match('Image', str('equals', 'C:\\x.exe')))).toBe('Image =~ @"C:\\x.exe"');
    expect(where(match('Image', str('contains', 'x')))).toBe('Image contains "x"');
    expect(where(match('Image', str('startswith', 'x')))).toBe('Image startswith "x"');
    expect(where(match('Image', str('endswith', '\\x.exe')))).toBe('Image endswith @"\\x.exe"');
  });

  it('uses the _cs operators and == when case matters', () => {
    expect(where(match('Image', str('equals', 'X', true)))).toBe('Image == "X"');
    expect(where(match('Image', str('contains', 'X', true)))).toBe('Image contains_cs "X"');
    expect(where(match('Image', str('startswith', 'X', true)))).toBe('Image startswith_cs "X"');
    expect(where(match('Image', str('endswith', 'X', true)))).toBe('Image endswith_cs "X"');
  });

  it('never uses has, whose term matching is not substring matching', () => {
    expect(where(match('Image', str('contains', 'cmd')))).not.toContain('has');
  });

  it('groups equalities of one field into in~ / in, keeping other operands in place', () => {
    const expr: Expr = {
      kind: 'or',
      children: [
        match('Image', str('equals', 'a')),
        match('User', str('contains', 'u')),
        match('Image', str('equals', 'b')),
        match('Image', str('equals', 'C', true)),
        match('Image', str('equals', 'D', true)),
      ],
    };
    expect(where(expr)).toBe('Image in~ ("a", "b") or User contains "u" or Image in ("C", "D")');
  });

  it('reads columns known not to hold strings through tostring()', () => {
    const query = render(match('EventID', str('startswith', '46')), {}, { nonStringColumns: ['EventID'] });
    expect(query).toBe('SecurityEvent\n| where tostring(EventID) startswith "46"');
  });
});

describe('field names', () => {
  it('brackets names that are keywords, lower case or not identifiers', () => {
    expect(where(match('user', str('equals', 'a')))).toBe(`['user'] =~ "a"`);
    expect(where(match('odd name', str('equals', 'a')))).toBe(`['odd name'] =~ "a"`);
  });

  it('reads a dotted name as a property path of a dynamic column', () => {
    expect(where(match('AdditionalFields.LogonId', str('equals', 'a')))).toBe(
      'AdditionalFields.LogonId =~ "a"',
    );
    expect(where(match('AdditionalFields.logon id', str('equals', 'a')))).toBe(
      `AdditionalFields.['logon id'] =~ "a"`,
    );
  });
});

describe('wildcards', () => {
  it('uses one string operator when the pattern is one', () => {
    expect(where(match('Image', wildcard([ANY, lit('x'), ANY])))).toBe('Image contains "x"');
    expect(where(match('Image', wildcard([lit('x'), ANY, ANY], true)))).toBe('Image startswith_cs "x"');
  });

  it('combines startswith and endswith when prefix and suffix cannot overlap', () => {
    expect(where(match('Image', wildcard([lit('C:\\'), ANY, lit('.exe')])))).toBe(
      '(Image startswith @"C:\\" and Image endswith ".exe")',
    );
  });

  it('falls back to an anchored regex when they could overlap, for ?, and for inner stars', () => {
    // "ab*ba" must not match "aba", which starts with "ab" and ends with "ba".
    expect(where(match('Image', wildcard([lit('ab'), ANY, lit('ba')])))).toBe(
      'Image matches regex @"(?is)^ab.*ba\\z"',
    );
    // Case folding: "aB*b" could overlap as "ab" / "Ba" only without case sensitivity.
    expect(where(match('Image', wildcard([lit('aB'), ANY, lit('ba')], true)))).toBe(
      '(Image startswith_cs "aB" and Image endswith_cs "ba")',
    );
    expect(where(match('Image', wildcard([lit('aB'), ANY, lit('ba')])))).toBe(
      'Image matches regex @"(?is)^aB.*ba\\z"',
    );
    expect(where(match('Image', wildcard([lit('a.b'), ONE, lit('(c)')], true)))).toBe(
      'Image matches regex @"(?s)^a\\.b.\\(c\\)\\z"',
    );
    expect(where(match('Image', wildcard([ANY, lit('a'), ANY, lit('b'), ANY])))).toBe(
      'Image matches regex "(?is)a.*b"',
    );
  });

  it('reads a lone * as any non-empty value', () => {
    expect(where(match('Image', wildcard([ANY])))).toBe('isnotempty(Image)');
  });
});

describe('regex', () => {
  it('passes the RE2 pattern with flags as an inline group', () => {
    expect(where(match('CommandLine', regex('\\d+\\s')))).toBe('CommandLine matches regex @"\\d+\\s"');
    expect(where(match('CommandLine', regex('a.b', { ignoreCase: true, dotAll: true })))).toBe(
      'CommandLine matches regex "(?is)a.b"',
    );
  });

  it('rewrites JavaScript-only \\u escapes to RE2 \\x{…}', () => {
    expect(where(match('CommandLine', regex('\\u0041\\\\u0042')))).toBe(
      'CommandLine matches regex @"\\x{0041}\\\\u0042"',
    );
  });

  it('refuses patterns RE2 cannot run', () => {
    expect(unsupported(match('CommandLine', regex('a(?=b)'))).construct).toBe('regex');
  });
});

describe('cidr', () => {
  it('uses the range function of the address family', () => {
    expect(where(match('SourceIp', { kind: 'cidr', cidr: '10.0.0.0/8' }))).toBe(
      'ipv4_is_in_range(SourceIp, "10.0.0.0/8")',
    );
    expect(where(match('SourceIp', { kind: 'cidr', cidr: 'fe80::/10' }))).toBe(
      'ipv6_is_in_range(SourceIp, "fe80::/10")',
    );
  });

  it('refuses a malformed network', () => {
    expect(unsupported(match('SourceIp', { kind: 'cidr', cidr: '10.0.0.0/33' })).construct).toBe('cidr');
  });
});

describe('numbers and comparisons', () => {
  it('compares numbers through toreal(), which reads numeric strings too', () => {
    expect(where(match('EventID', { kind: 'number', value: 4688 }))).toBe('toreal(EventID) == 4688');
    expect(where(match('Count', { kind: 'number', value: -1.5 }))).toBe('toreal(Count) == -1.5');
    expect(where(match('Count', { kind: 'compare', op: 'gte', value: 10, type: 'number' }))).toBe(
      'toreal(Count) >= 10',
    );
  });

  it('writes huge and tiny numbers as real literals', () => {
    expect(where(match('Count', { kind: 'number', value: 1e21 }))).toBe('toreal(Count) == 1e+21');
    expect(where(match('Count', { kind: 'number', value: 2 ** 53 + 2 }))).toBe(
      'toreal(Count) == 9007199254740994.0',
    );
  });

  it('compares dates through todatetime(), reading a zoneless time as UTC', () => {
    expect(
      where(match('EventTime', { kind: 'compare', op: 'lt', value: '2024-03-01 10:00:00', type: 'date' })),
    ).toBe('todatetime(EventTime) < datetime(2024-03-01T10:00:00.000Z)');
  });

  it('compares strings in ordinal order, an empty value never matching', () => {
    expect(where(match('User', { kind: 'compare', op: 'gt', value: 'm', type: 'string' }))).toBe(
      '(isnotempty(User) and strcmp(User, "m") > 0)',
    );
  });

  it('refuses comparison bounds that are not numbers or dates', () => {
    expect(
      unsupported(match('Count', { kind: 'compare', op: 'lt', value: 'ten', type: 'number' })).construct,
    ).toBe('comparison');
    expect(
      unsupported(match('EventTime', { kind: 'compare', op: 'lt', value: 'now-1d', type: 'date' })).construct,
    ).toBe('comparison');
    expect(unsupported(match('Count', { kind: 'number', value: Number.NaN })).construct).toBe('number');
  });
});

describe('null, exists, bool, const', () => {
  it('tests absence with isempty() and presence with isnotempty()', () => {
    expect(where(match('User', { kind: 'null' }))).toBe('isempty(User)');
    expect(where({ kind: 'exists', field: 'User' })).toBe('isnotempty(User)');
    expect(where({ kind: 'not', child: { kind: 'exists', field: 'User' } })).toBe('not(isnotempty(User))');
  });

  it('matches booleans and their strings in any case', () => {
    expect(where(match('Enabled', { kind: 'bool', value: true }))).toBe('tostring(Enabled) =~ "true"');
  });
});

describe('keywords', () => {
  it('searches every column with the field operators', () => {
    expect(where({ kind: 'keyword', matcher: str('contains', 'mimikatz') })).toBe('* contains "mimikatz"');
    expect(where({ kind: 'keyword', matcher: str('equals', 'X', true) })).toBe('* == "X"');
    expect(where({ kind: 'keyword', matcher: wildcard([lit('a'), ANY, lit('b')]) })).toBe(
      '* matches regex @"(?is)^a.*b\\z"',
    );
    expect(where({ kind: 'keyword', matcher: regex('ab+') })).toBe('* matches regex "ab+"');
  });

  it('refuses keywords that are not text', () => {
    expect(unsupported({ kind: 'keyword', matcher: { kind: 'number', value: 4 } }).construct).toBe(
      'number keyword',
    );
  });
});

describe('field references', () => {
  it('compares two columns with the string operators', () => {
    expect(
      where({ kind: 'fieldref', field: 'Image', other: 'ParentImage', op: 'equals', caseSensitive: true }),
    ).toBe('Image == ParentImage');
    expect(
      where({
        kind: 'fieldref',
        field: 'Image',
        other: 'ParentImage',
        op: 'startswith',
        caseSensitive: false,
      }),
    ).toBe('Image startswith ParentImage');
  });
});

describe('transforms', () => {
  it('applies strlen() and datetime_part()', () => {
    expect(
      where(
        match('CommandLine', { kind: 'compare', op: 'gt', value: 100, type: 'number' }, { kind: 'length' }),
      ),
    ).toBe('strlen(CommandLine) > 100');
    expect(where(match('EventTime', { kind: 'number', value: 3 }, { kind: 'datepart', part: 'week' }))).toBe(
      'datetime_part("week_of_year", todatetime(EventTime)) == 3',
    );
  });

  it('refuses matchers that do not apply to a number', () => {
    expect(unsupported(match('CommandLine', str('equals', '5'), { kind: 'length' })).construct).toBe(
      'length transform',
    );
  });
});

describe('negation', () => {
  it('keeps a negated test that may be null two-valued in boolean rules', () => {
    const expr: Expr = {
      kind: 'not',
      child: match('Count', { kind: 'compare', op: 'gt', value: 5, type: 'number' }),
    };
    expect(where(expr)).toBe('not(coalesce(toreal(Count) > 5, false))');
    expect(where({ kind: 'not', child: expr })).toBe('not(not(toreal(Count) > 5))');
    expect(where(expr, { logic: 'ternary' })).toBe('not(toreal(Count) > 5)');
  });

  it('treats any test of a dynamic property, missing as null, as possibly null', () => {
    expect(where({ kind: 'not', child: match('AdditionalFields.LogonId', str('equals', 'a')) })).toBe(
      'not(coalesce(AdditionalFields.LogonId =~ "a", false))',
    );
    const either: Expr = {
      kind: 'or',
      children: [
        match('AdditionalFields.LogonId', str('equals', 'a')),
        match('AdditionalFields.LogonId', str('equals', 'b')),
      ],
    };
    expect(where({ kind: 'not', child: either })).toBe(
      'not(coalesce(AdditionalFields.LogonId in~ ("a", "b"), false))',
    );
  });

  it('leaves tests that are never null alone', () => {
    expect(where({ kind: 'not', child: match('Image', str('contains', 'x')) })).toBe(
      'not(Image contains "x")',
    );
  });

  it('parenthesizes every compound operand', () => {
    const expr: Expr = {
      kind: 'or',
      children: [
        { kind: 'and', children: [match('Image', str('equals', 'a')), match('User', str('equals', 'b'))] },
        {
          kind: 'not',
          child: {
            kind: 'or',
            children: [match('Image', str('equals', 'c')), match('User', str('equals', 'd'))],
          },
        },
      ],
    };
    expect(where(expr)).toBe('(Image =~ "a" and User =~ "b") or not(Image =~ "c" or User =~ "d")');
  });
});

describe('unsupported expressions', () => {
  it('refuses nested object-array tests and unresolved placeholders', () => {
    expect(unsupported({ kind: 'nested', path: 'Items', child: TRUE }).construct).toBe('nested');
    expect(unsupported(match('User', { kind: 'placeholder', name: 'Admins' })).construct).toBe('placeholder');
  });
});

describe('aggregations', () => {
  const base = match('Image', str('endswith', '\\net.exe'));

  it('counts a threshold per epoch-aligned window and group', () => {
    const query = render(base, {
      aggregation: { kind: 'threshold', groupBy: ['user.name'], value: 25, windowMs: 300_000 },
      mapField: (f) => (f === 'user.name' ? 'User' : f),
    });
    expect(query).toBe(
      [
        'SecurityEvent',
        '| where Image endswith @"\\net.exe"',
        '| where isnotempty(User)',
        '| summarize count() by bin(TimeGenerated, 5m), User',
        '| where count_ >= 25',
      ].join('\n'),
    );
  });

  it('adds exact distinct counts for threshold cardinality, and bin_at for windows not dividing a day', () => {
    const query = render(base, {
      aggregation: {
        kind: 'threshold',
        groupBy: [],
        value: 3,
        cardinality: [{ field: 'User', value: 2 }],
        windowMs: 420_000,
      },
    });
    expect(query.split('\n').slice(2)).toEqual([
      '| summarize count(), DistinctValues1 = count_distinctif(User, isnotempty(User)) by bin_at(TimeGenerated, 7m, datetime(1970-01-01))',
      '| where count_ >= 3 and DistinctValues1 >= 2',
    ]);
  });

  it('windows a correlation per group from its first event, in the configured time column', () => {
    const aggregation: Aggregation = {
      kind: 'correlation',
      type: 'value_count',
      rules: ['a'],
      groupBy: ['User'],
      timespanMs: 600_000,
      condition: {
        criteria: [
          { op: 'gte', value: 3 },
          { op: 'lt', value: 10 },
        ],
        field: 'Image',
      },
      aliases: {},
      generate: false,
    };
    const query = render(base, { aggregation }, { timeColumn: 'Timestamp' });
    expect(query.split('\n').slice(2)).toEqual([
      '| where isnotempty(User)',
      '| sort by User asc, Timestamp asc',
      '| extend CorrelationWindow = row_window_session(Timestamp, 10m + 1tick, 10m + 1tick, User != prev(User))',
      '| summarize ValueCount = count_distinctif(Image, isnotempty(Image)) by User, CorrelationWindow',
      '| where ValueCount >= 3 and ValueCount < 10',
    ]);
  });

  it('counts events of an event_count correlation, at least one without a condition', () => {
    const aggregation: Aggregation = {
      kind: 'correlation',
      type: 'event_count',
      rules: ['a'],
      groupBy: [],
      timespanMs: 3_600_000,
      aliases: {},
      generate: false,
    };
    expect(render(base, { aggregation }).split('\n').slice(2)).toEqual([
      '| sort by TimeGenerated asc',
      '| extend CorrelationWindow = row_window_session(TimeGenerated, 1h + 1tick, 1h + 1tick)',
      '| summarize EventCount = count() by CorrelationWindow',
      '| where EventCount >= 1',
    ]);
  });

  it('finds new terms by the previous sighting of each combination', () => {
    const query = render(base, {
      aggregation: {
        kind: 'new_terms',
        fields: ['User', 'AdditionalFields.Host'],
        historyWindowMs: 7 * 86_400_000,
      },
    });
    expect(query.split('\n').slice(2)).toEqual([
      "| extend ['AdditionalFields.Host'] = tostring(AdditionalFields.Host)",
      "| where isnotempty(User) and isnotempty(['AdditionalFields.Host'])",
      "| sort by User asc, ['AdditionalFields.Host'] asc, TimeGenerated asc",
      "| extend PreviousSighting = iff(User == prev(User) and ['AdditionalFields.Host'] == prev(['AdditionalFields.Host']), prev(TimeGenerated), datetime(null))",
      '| where isnull(PreviousSighting) or TimeGenerated - PreviousSighting > 7d',
      '| project-away PreviousSighting',
    ]);
  });

  it('refuses sequences, temporal correlations and aliased group fields', () => {
    expect(
      unsupported(base, { aggregation: { kind: 'sequence', by: [], steps: [{ expr: base, by: [] }] } })
        .construct,
    ).toBe('sequence');
    const temporal: Aggregation = {
      kind: 'correlation',
      type: 'temporal',
      rules: ['a', 'b'],
      groupBy: [],
      timespanMs: 60_000,
      aliases: {},
      generate: false,
    };
    expect(unsupported(base, { aggregation: temporal }).construct).toBe('temporal correlation');
    const aliased: Aggregation = {
      ...temporal,
      type: 'event_count',
      groupBy: ['host'],
      aliases: { host: { a: 'Computer', b: 'Host' } },
    };
    expect(unsupported(base, { aggregation: aliased }).construct).toBe('correlation alias');
  });
});
