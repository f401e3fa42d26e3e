// Kibana detection rule objects: JSON shape, severity and risk, ATT&CK threat mapping, query language choice
// and the threshold / new terms / sequence / correlation rule types.
import { describe, expect, it } from 'vitest';
import { createKibanaNdjsonBackend, kibanaNdjsonBackend } from '../../src/backends/elastic/kibana-ndjson.js';
import { type TargetRule, UnsupportedConstruct } from '../../src/backends/target.js';
import { parseEql } from '../../src/formats/elastic/eql/index.js';
import { parseKuery } from '../../src/formats/elastic/kuery/index.js';
import { attackFromTags } from '../../src/ir/attack.js';
import { and, type Expr, match, TRUE } from '../../src/ir/expr.js';
import type { Aggregation, Rule, RuleMeta } from '../../src/ir/rule.js';
import { targetRule } from '../helpers/target-rule.js';

const TAGS = ['attack.discovery', 'attack.t1049', 'attack.execution', 'attack.t1059.004'];

const META: RuleMeta = {
  id: '0f2c3b0c-5b6a-4d3e-9b5e-1c2d3e4f5a6b',
  title: 'Network Connections Discovery',
  description: 'Detects netstat listing connections.',
  level: 'high',
  author: 'Jane Doe, John Roe',
  references: ['https://example.org/netstat'],
  tags: TAGS,
  falsepositives: ['Administrators'],
  attack: attackFromTags(TAGS),
};

const netstat = match('process.name', {
  kind: 'string',
  op: 'equals',
  value: 'netstat.exe',
  caseSensitive: true,
});

function target(detection: Expr, rule: Partial<Rule> = {}): TargetRule {
  return targetRule(detection, {
    sources: ['logs-endpoint.events.process-*'],
    mapField: (field) => (field === 'User' ? 'user.name' : field),
    rule: {
      taxonomy: 'ecs',
      meta: META,
      logsource: { category: 'process_creation', product: 'windows' },
      source: { file: 'netstat.yml', line: 1 },
      ...rule,
    },
  });
}

const TECHNIQUE_NAMES: Record<string, string> = {
  T1049: 'System Network Connections Discovery',
  T1059: 'Command and Scripting Interpreter',
  'T1059.004': 'Unix Shell',
};

function render(detection: Expr, rule: Partial<Rule> = {}): Record<string, unknown> {
  const backend = createKibanaNdjsonBackend({ techniqueName: (id) => TECHNIQUE_NAMES[id] });
  const line = backend.render(target(detection, rule));
  expect(line).not.toContain('\n');
  return JSON.parse(line) as Record<string, unknown>;
}

describe('kibana-ndjson', () => {
  it('renders a complete query rule', () => {
    const rule = render(netstat);
    expect(rule).toMatchObject({
      rule_id: '0f2c3b0c-5b6a-4d3e-9b5e-1c2d3e4f5a6b',
      name: 'Network Connections Discovery',
      description: 'Detects netstat listing connections.',
      risk_score: 73,
      severity: 'high',
      type: 'query',
      language: 'kuery',
      query: 'process.name: "netstat.exe"',
      index: ['logs-endpoint.events.process-*'],
      from: 'now-6m',
      interval: '5m',
      tags: TAGS,
      references: ['https://example.org/netstat'],
      false_positives: ['Administrators'],
      author: ['Jane Doe', 'John Roe'],
      version: 1,
      enabled: false,
    });
    expect(parseKuery(rule.query as string)).toEqual(netstat);
  });

  it('maps ATT&CK tactics, techniques and sub-techniques with references', () => {
    const attack = {
      tactics: attackFromTags(['attack.discovery']).tactics,
      techniques: ['T1049', 'T1059.004'],
    };
    const rule = render(netstat, { meta: { ...META, attack } });
    expect(rule.threat).toEqual([
      {
        framework: 'MITRE ATT&CK',
        tactic: { id: 'TA0007', name: 'Discovery', reference: 'https://attack.mitre.org/tactics/TA0007/' },
        technique: [
          {
            id: 'T1049',
            name: 'System Network Connections Discovery',
            reference: 'https://attack.mitre.org/techniques/T1049/',
          },
          {
            id: 'T1059',
            name: 'Command and Scripting Interpreter',
            reference: 'https://attack.mitre.org/techniques/T1059/',
            subtechnique: [
              {
                id: 'T1059.004',
                name: 'Unix Shell',
                reference: 'https://attack.mitre.org/techniques/T1059/004/',
              },
            ],
          },
        ],
      },
    ]);
  });

  it('names techniques by id when no names are known and skips tactics without an id', () => {
    const attack = {
      tactics: [{ name: 'Stealth', shortname: 'stealth' }, ...attackFromTags(['attack.discovery']).tactics],
      techniques: ['T1049'],
    };
    const line = kibanaNdjsonBackend.render(target(netstat, { meta: { ...META, attack } }));
    const threat = (
      JSON.parse(line) as { threat: { tactic: { id: string }; technique: { name: string }[] }[] }
    ).threat;
    expect(threat.map((t) => t.tactic.id)).toEqual(['TA0007']);
    expect(threat[0]!.technique[0]!.name).toBe('T1049');
  });

  it.each([
    ['informational', 'low', 21],
    ['low', 'low', 21],
    ['medium', 'medium', 47],
    ['critical', 'critical', 99],
    [undefined, 'medium', 47],
  ])('level %s is severity %s with risk score %d', (level, severity, risk) => {
    const rule = render(netstat, { meta: { ...META, level } });
    expect([rule.severity, rule.risk_score]).toEqual([severity, risk]);
  });

  it('keeps an explicit risk score, license and version', () => {
    const rule = render(netstat, {
      meta: { ...META, riskScore: 50 },
      extra: { license: 'Elastic License v2', version: 4, from: 'now-9m', interval: '10m' },
    });
    expect(rule).toMatchObject({
      risk_score: 50,
      license: 'Elastic License v2',
      version: 4,
      from: 'now-9m',
      interval: '10m',
    });
  });

  it('becomes an EQL rule when KQL cannot ignore case', () => {
    const caseless = match('process.name', {
      kind: 'string',
      op: 'equals',
      value: 'NETSTAT.exe',
      caseSensitive: false,
    });
    const rule = render(caseless);
    expect(rule).toMatchObject({
      type: 'eql',
      language: 'eql',
      query: 'any where process.name : "NETSTAT.exe"',
    });
    expect(parseEql(rule.query as string).detection).toEqual({
      ...caseless,
      matcher: { ...caseless.matcher },
    });
  });

  it('renders threshold rules, falling back to Lucene for a regex', () => {
    const aggregation: Aggregation = {
      kind: 'threshold',
      groupBy: ['User'],
      value: 25,
      cardinality: [{ field: 'source.ip', value: 3 }],
      windowMs: 600_000,
    };
    const regex = match('process.name', {
      kind: 'regex',
      pattern: '^ssh',
      flags: { ignoreCase: false, multiline: false, dotAll: false },
    });
    expect(render(regex, { aggregation })).toMatchObject({
      type: 'threshold',
      language: 'lucene',
      query: 'process.name:/ssh.*/',
      threshold: { field: ['user.name'], value: 25, cardinality: [{ field: 'source.ip', value: 3 }] },
      from: 'now-10m',
      interval: '10m',
    });
  });

  it('renders new terms rules', () => {
    const aggregation: Aggregation = {
      kind: 'new_terms',
      fields: ['User', 'host.id'],
      historyWindowMs: 7 * 86_400_000,
    };
    expect(render(netstat, { aggregation })).toMatchObject({
      type: 'new_terms',
      language: 'kuery',
      new_terms_fields: ['user.name', 'host.id'],
      history_window_start: 'now-7d',
    });
  });

  it('renders sequences as EQL rules', () => {
    const category = match('event.category', {
      kind: 'string',
      op: 'equals',
      value: 'process',
      caseSensitive: true,
    });
    const aggregation: Aggregation = {
      kind: 'sequence',
      by: ['host.id'],
      maxspanMs: 60_000,
      steps: [
        { expr: and([category, netstat]), by: [] },
        { expr: category, by: [] },
      ],
    };
    const rule = render(TRUE, { aggregation, logic: 'ternary' });
    expect(rule).toMatchObject({ type: 'eql', language: 'eql' });
    expect(parseEql(rule.query as string).sequence?.steps).toHaveLength(2);
  });

  it('renders count correlations as threshold rules and refuses upper bounds', () => {
    const correlation = (type: 'event_count' | 'value_count', op: 'gt' | 'lt'): Aggregation => ({
      kind: 'correlation',
      type,
      rules: ['netstat'],
      groupBy: ['User'],
      timespanMs: 3_600_000,
      condition: { criteria: [{ op, value: 9 }], field: 'host.name' },
      aliases: {},
      generate: false,
    });
    expect(render(netstat, { aggregation: correlation('event_count', 'gt') })).toMatchObject({
      type: 'threshold',
      threshold: { field: ['user.name'], value: 10 },
      from: 'now-1h',
    });
    expect(render(netstat, { aggregation: correlation('value_count', 'gt') })).toMatchObject({
      threshold: { field: ['user.name'], value: 1, cardinality: [{ field: 'host.name', value: 10 }] },
    });
    expect(() =>
      kibanaNdjsonBackend.render(target(netstat, { aggregation: correlation('event_count', 'lt') })),
    ).toThrow(UnsupportedConstruct);
  });
});
