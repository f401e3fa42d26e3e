// Splunk backend: golden SPL per construct, and escaping that decodes back to the rule's text.
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { splString } from '../../src/backends/splunk/literal.js';
import { splunkBackend } from '../../src/backends/splunk/splunk.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { type Expr, match, TRUE } from '../../src/ir/expr.js';
import type { Aggregation } from '../../src/ir/rule.js';
import { ANY, lit, ONE, regex, str } from '../helpers/matchers.js';
import { targetRule as sharedTargetRule, type TargetRuleOptions } from '../helpers/target-rule.js';

const targetRule = (detection: Expr, options: TargetRuleOptions = {}) =>
  sharedTargetRule(detection, { ...options, sources: options.sources ?? ['windows'] });

const render = (detection: Expr, options: TargetRuleOptions = {}) =>
  splunkBackend.render(targetRule(detection, options));

function unsupported(detection: Expr, options: TargetRuleOptions = {}): UnsupportedConstruct {
  try {
    render(detection, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedConstruct);
    return error as UnsupportedConstruct;
  }
  throw new Error('rendered, but should be unsupported');
}

/** The value of a double-quoted SPL string, by the documented rule: a backslash escapes the next character. */
function decodeSplString(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') out += body[++i] ?? '';
    else {
      expect(body[i]).not.toBe('"');
      out += body[i];
    }
  }
  return out;
}

describe('search terms', () => {
  it('searches case-insensitively with native wildcards', () => {
    expect(render(match('Image', str('endswith', '\\cmd.exe')))).toBe('index=windows Image="*\\\\cmd.exe"');
    expect(render(match('CommandLine', str('contains', 'a"b')))).toBe('index=windows CommandLine="*a\\"b*"');
    expect(render(match('Image', str('startswith', 'C:\\')))).toBe('index=windows Image="C:\\\\*"');
    expect(render(match('Image', str('equals', 'x')))).toBe('index=windows Image="x"');
    expect(
      render(match('Image', { kind: 'wildcard', parts: [lit('a'), ANY, lit('b')], caseSensitive: false })),
    ).toBe('index=windows Image="a*b"');
  });

  it('reads several indexes, or none', () => {
    expect(render(match('Image', str('equals', 'x')), { sources: ['win', 'sysmon*'] })).toBe(
      '(index=win OR index=sysmon*) Image="x"',
    );
    expect(render(match('Image', str('equals', 'x')), { sources: [] })).toBe('Image="x"');
    expect(render(TRUE, { sources: [] })).toBe('*');
  });

  it('writes numbers, comparisons, IPv4 networks, booleans, presence and absence as search terms', () => {
    expect(render(match('EventCode', { kind: 'number', value: 4688 }))).toBe('index=windows EventCode=4688');
    expect(render(match('Count', { kind: 'compare', op: 'gte', value: 10, type: 'number' }))).toBe(
      'index=windows Count>=10',
    );
    expect(render(match('src_ip', { kind: 'cidr', cidr: '10.0.0.0/8' }))).toBe(
      'index=windows src_ip="10.0.0.0/8"',
    );
    expect(render(match('Enabled', { kind: 'bool', value: false }))).toBe('index=windows Enabled="false"');
    expect(render({ kind: 'exists', field: 'User' })).toBe('index=windows User=*');
    expect(render(match('User', { kind: 'null' }))).toBe('index=windows NOT User=*');
    expect(render({ kind: 'not', child: match('User', { kind: 'null' }) })).toBe('index=windows User=*');
  });

  it('uses NOT, OR and parentheses around every compound operand', () => {
    const expr: Expr = {
      kind: 'and',
      children: [
        { kind: 'or', children: [match('A', str('equals', 'a')), match('B', str('equals', 'b'))] },
        {
          kind: 'not',
          child: { kind: 'and', children: [match('C', str('equals', 'c')), match('D', str('equals', 'd'))] },
        },
      ],
    };
    expect(render(expr)).toBe('index=windows (A="a" OR B="b") NOT (C="c" AND D="d")');
  });

  it('searches the raw event for keywords', () => {
    expect(render({ kind: 'keyword', matcher: str('contains', 'mimikatz') })).toBe(
      'index=windows "*mimikatz*"',
    );
    expect(render({ kind: 'keyword', matcher: str('equals', 'error') })).toBe('index=windows "error"');
  });
});

describe('regex and where', () => {
  it('filters regexes with the regex command, negated with !=', () => {
    expect(render(match('CommandLine', regex('\\d+"x', true)))).toBe(
      'index=windows\n| regex CommandLine="(?i)\\\\d+\\"x"',
    );
    expect(render({ kind: 'not', child: match('CommandLine', regex('a|b')) })).toBe(
      'index=windows\n| regex CommandLine!="a|b"',
    );
    expect(render({ kind: 'keyword', matcher: regex('x.y') })).toBe('index=windows\n| regex _raw="x.y"');
  });

  it('keeps a negated regex of a ternary rule in where, where a missing field stays null', () => {
    expect(render({ kind: 'not', child: match('CommandLine', regex('a')) }, { logic: 'ternary' })).toBe(
      'index=windows\n| where NOT match(CommandLine, "a")',
    );
  });

  it('tests case-sensitive text in where: == for equality, regexes otherwise', () => {
    expect(render(match('Image', str('equals', 'X', true)))).toBe('index=windows\n| where Image=="X"');
    expect(render(match('Image', str('endswith', '\\X.exe', true)))).toBe(
      'index=windows\n| where match(Image, "(?s)\\\\\\\\X\\\\.exe\\\\z")',
    );
  });

  it('falls back to a regex for ? and for a literal *, which a search cannot escape', () => {
    expect(
      render(match('Image', { kind: 'wildcard', parts: [lit('a'), ONE, lit('b')], caseSensitive: false })),
    ).toBe('index=windows\n| where match(Image, "(?is)^a.b\\\\z")');
    expect(render(match('Image', str('contains', 'a*b')))).toBe(
      'index=windows\n| where match(Image, "(?is)a\\\\*b")',
    );
  });

  it('embeds search terms in where through searchmatch when an OR mixes both kinds', () => {
    const expr: Expr = {
      kind: 'or',
      children: [match('Image', str('endswith', '\\x.exe')), match('User', str('equals', 'SYSTEM', true))],
    };
    expect(render(expr)).toBe(
      'index=windows\n| where searchmatch("Image=\\"*\\\\\\\\x.exe\\"") OR User=="SYSTEM"',
    );
  });

  it('embeds a whole searchable subtree as one searchmatch', () => {
    const expr: Expr = {
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [match('A', str('equals', 'a')), { kind: 'not', child: match('B', str('equals', 'b')) }],
        },
        match('C', str('equals', 'X', true)),
      ],
    };
    expect(render(expr)).toBe('index=windows\n| where searchmatch("A=\\"a\\" AND NOT B=\\"b\\"") OR C=="X"');
  });

  it('guards a negated eval test with its presence in boolean rules', () => {
    const expr: Expr = { kind: 'not', child: match('User', str('equals', 'SYSTEM', true)) };
    expect(render(expr)).toBe('index=windows\n| where NOT (isnotnull(User) AND User=="SYSTEM")');
    expect(render(expr, { logic: 'ternary' })).toBe('index=windows\n| where NOT User=="SYSTEM"');
  });

  it('uses cidrmatch for IPv6, tonumber and len for odd names and lengths, quoting such names', () => {
    expect(render(match('src_ip', { kind: 'cidr', cidr: 'fe80::/10' }))).toBe(
      'index=windows\n| where cidrmatch("fe80::/10", src_ip)',
    );
    expect(render(match('odd name', { kind: 'number', value: 3 }))).toBe(
      "index=windows\n| where tonumber('odd name')==3",
    );
    expect(
      render(match('a.b', { kind: 'compare', op: 'gt', value: 9, type: 'number' }, { kind: 'length' })),
    ).toBe("index=windows\n| where len('a.b')>9");
  });

  it('compares field pairs', () => {
    expect(render({ kind: 'fieldref', field: 'A', other: 'B', op: 'equals', caseSensitive: false })).toBe(
      'index=windows\n| where lower(A)==lower(B)',
    );
    expect(render({ kind: 'fieldref', field: 'A', other: 'B', op: 'startswith', caseSensitive: true })).toBe(
      'index=windows\n| where substr(A, 1, len(B))==B',
    );
  });
});

describe('unsupported constructs', () => {
  it('refuses what SPL cannot express faithfully', () => {
    expect(unsupported({ kind: 'nested', path: 'x', child: TRUE }).construct).toBe('nested');
    expect(unsupported(match('u', { kind: 'placeholder', name: 'Admins' })).construct).toBe('placeholder');
    expect(
      unsupported(match('t', { kind: 'compare', op: 'lt', value: '2024-01-01', type: 'date' })).construct,
    ).toBe('date comparison');
    expect(
      unsupported(match('t', { kind: 'number', value: 1 }, { kind: 'datepart', part: 'hour' })).construct,
    ).toBe('datepart transform');
    expect(
      unsupported({ kind: 'fieldref', field: 'A', other: 'B', op: 'contains', caseSensitive: true })
        .construct,
    ).toBe('fieldref contains');
    expect(unsupported(match('x', regex('a(?=b)'))).construct).toBe('regex');
  });
});

describe('aggregations', () => {
  const base = match('Image', str('endswith', '\\net.exe'));

  it('counts a threshold per window and group', () => {
    const query = render(base, {
      aggregation: {
        kind: 'threshold',
        groupBy: ['user.name'],
        value: 25,
        cardinality: [{ field: 'host', value: 2 }],
        windowMs: 300_000,
      },
      mapField: (f) => (f === 'user.name' ? 'User' : f),
    });
    expect(query.split('\n').slice(1)).toEqual([
      '| bin span=5m _time AS time_window',
      '| stats count, dc(host) AS distinct_values_1 by time_window, User',
      '| where count>=25 AND distinct_values_1>=2',
    ]);
  });

  it('measures a correlation per window', () => {
    const aggregation: Aggregation = {
      kind: 'correlation',
      type: 'value_sum',
      rules: ['a'],
      groupBy: ['User'],
      timespanMs: 3_600_000,
      condition: { criteria: [{ op: 'gt', value: 1000 }], field: 'bytes' },
      aliases: {},
      generate: false,
    };
    expect(render(base, { aggregation }).split('\n').slice(1)).toEqual([
      '| bin span=1h _time AS time_window',
      '| stats sum(bytes) AS value_sum by time_window, User',
      '| where value_sum>1000',
    ]);
  });

  it('finds new terms in time order', () => {
    const query = render(base, {
      aggregation: { kind: 'new_terms', fields: ['User', 'host.name'], historyWindowMs: 86_400_000 },
    });
    expect(query.split('\n').slice(1)).toEqual([
      "| where isnotnull(User) AND isnotnull('host.name')",
      '| sort 0 _time',
      '| streamstats current=f last(_time) AS previous_sighting by User, host.name',
      '| where isnull(previous_sighting) OR _time-previous_sighting>86400',
      '| fields - previous_sighting',
    ]);
  });

  it('refuses sequences and temporal correlations', () => {
    expect(unsupported(base, { aggregation: { kind: 'sequence', by: [], steps: [] } }).construct).toBe(
      'sequence',
    );
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
  });
});

describe('escaping', () => {
  /** A deterministic generator (mulberry32). */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = [
    '"',
    '\\',
    '\\\\',
    '\\"',
    '*',
    '?',
    '|',
    ' ',
    '\n',
    '\t',
    'é',
    '😀',
    '(',
    ')',
    '$',
    '.',
    '=',
    'a',
    'Z',
  ];
  const nasty = (next: () => number) =>
    Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]!).join(
      '',
    );

  it('decodes every quoted string back to its text', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const text = nasty(next);
      expect(decodeSplString(splString(text))).toBe(text);
    }
  });

  it('passes regexes that still match exactly the wildcard values after decoding', () => {
    const next = random(8);
    for (let i = 0; i < 300; i++) {
      const [prefix, suffix] = [nasty(next), nasty(next)];
      const query = render(
        match('F', { kind: 'wildcard', parts: [lit(prefix), ONE, lit(suffix)], caseSensitive: true }),
      );
      const literal = /^index=windows\n\| where match\(F, (".*")\)$/s.exec(query)?.[1];
      expect(literal, query).toBeDefined();
      const pattern = new RE2(decodeSplString(literal!), 'u');
      expect(pattern.test(`${prefix}\n${suffix}`), query).toBe(true);
      expect(pattern.test(`${prefix}${suffix}`), query).toBe(false);
    }
  });
});
