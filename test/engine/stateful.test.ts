// Stateful rules over time: new_terms and threshold windows, EQL sequences, Sigma correlations.
import { describe, expect, it } from 'vitest';
import { elasticRule, huntAlerts, lines, sigmaRules } from '../helpers/hunt.js';

const ecs = (time: string, host: string | string[] | undefined, name: string, extra: object = {}) => ({
  '@timestamp': time,
  ecs: { version: '8.0' },
  event: { category: ['process'], type: ['start'] },
  ...(host === undefined ? {} : { host: { name: host } }),
  process: { name },
  ...extra,
});

const rule = (
  type: string,
  body: string,
  query = 'event.category:process and process.name:(ss or netstat)',
) => `
[rule]
name = "t"
rule_id = "r-${type}"
type = "${type}"
language = "kuery"
severity = "low"
from = "now-10m"
query = '''${query}'''
${body}`;

const newTerms = elasticRule(
  rule(
    'new_terms',
    `[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["host.name"]\n[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\nvalue = "now-1d"`,
  ),
);

describe('new_terms', () => {
  it('alerts on first sightings and again only after a full history window', async () => {
    const events = [
      ecs('2026-01-01T00:00:00Z', 'a', 'ss'), // 1 new
      ecs('2026-01-01T12:00:00Z', 'a', 'ss'), // 2 seen 12h ago
      ecs('2026-01-02T12:00:00Z', 'a', 'ss'), // 3 last seen exactly 24h ago: inside the window boundary
      ecs('2026-01-03T12:00:01Z', 'a', 'netstat'), // 4 last seen 24h+1s ago: new again
      ecs('2026-01-03T13:00:00Z', 'b', 'ls'), // 5 does not match the query
      ecs('2026-01-03T14:00:00Z', undefined, 'ss'), // 6 missing field: never alerts
      ecs('2026-01-03T15:00:00Z', ['b', 'a'], 'ss'), // 7 array: b is new
      ecs('2026-01-03T16:00:00Z', 'b', 'ss'), // 8 seen via the array
    ];
    expect(lines(await huntAlerts([newTerms], events))).toEqual([1, 4, 7]);
  });
  it('treats out-of-order events as already seen, and takes history from a baseline', async () => {
    const events = [ecs('2026-01-02T00:00:00Z', 'a', 'ss'), ecs('2026-01-01T23:00:00Z', 'a', 'ss')];
    expect(lines(await huntAlerts([newTerms], events))).toEqual([1]);
    const baseline = [ecs('2026-01-01T20:00:00Z', 'a', 'ss')];
    expect(lines(await huntAlerts([newTerms], events, baseline))).toEqual([]);
  });
});

describe('threshold', () => {
  const threshold = elasticRule(rule('threshold', '[rule.threshold]\nfield = ["host.name"]\nvalue = 3'));
  it('alerts once per group per look-back window when the count is reached', async () => {
    const events = [
      ecs('2026-01-01T00:00:01Z', 'a', 'ss'),
      ecs('2026-01-01T00:01:00Z', 'a', 'ss'),
      ecs('2026-01-01T00:02:00Z', 'b', 'ss'),
      ecs('2026-01-01T00:03:00Z', 'a', 'ss'), // 4: third for a in window [00:00, 00:10)
      ecs('2026-01-01T00:04:00Z', 'a', 'ss'), // already alerted in this window
      ecs('2026-01-01T00:10:00Z', 'a', 'ss'), // next window starts
      ecs('2026-01-01T00:11:00Z', 'a', 'ss'),
      ecs('2026-01-01T00:09:59Z', 'b', 'ss'), // out of order, still in the first window: b has 2
      ecs('2026-01-01T00:12:00Z', 'a', 'ss'), // 9: third in second window
      ecs('2026-01-01T00:13:00Z', undefined, 'ss'), // no group
    ];
    const alerts = await huntAlerts([threshold], events);
    expect(lines(alerts)).toEqual([4, 9]);
    expect(alerts[0]!.events!.map((e) => e.line)).toEqual([1, 2, 4]);
  });
  it('checks cardinality of a field', async () => {
    const card = elasticRule(
      rule(
        'threshold',
        '[rule.threshold]\nfield = ["host.name"]\nvalue = 2\n[[rule.threshold.cardinality]]\nfield = "user.name"\nvalue = 2',
      ),
    );
    const events = [
      ecs('2026-01-01T00:00:01Z', 'a', 'ss', { user: { name: 'x' } }),
      ecs('2026-01-01T00:00:02Z', 'a', 'ss', { user: { name: 'x' } }),
      ecs('2026-01-01T00:00:03Z', 'a', 'ss', { user: { name: 'y' } }),
    ];
    expect(lines(await huntAlerts([card], events))).toEqual([3]);
  });
});

describe('EQL sequences', () => {
  const seq = elasticRule(`
[rule]
name = "s"
rule_id = "seq"
type = "eql"
language = "eql"
query = '''
sequence by host.name with maxspan=1m
  [process where process.name == "whoami"]
  [network where destination.port == 4444]
until [process where process.name == "logoff"]
'''`);
  const proc = (t: string, host: string, name: string) => ecs(t, host, name);
  const net = (t: string, host: string, port: number) => ({
    '@timestamp': t,
    ecs: { version: '8' },
    event: { category: ['network'] },
    host: { name: host },
    destination: { port },
  });
  it('joins steps by key within maxspan, in order, cancelled by until', async () => {
    const events = [
      proc('2026-01-01T00:00:00Z', 'a', 'whoami'), // 1
      net('2026-01-01T00:00:30Z', 'b', 4444), // 2 other host
      net('2026-01-01T00:00:40Z', 'a', 4444), // 3 completes a
      net('2026-01-01T00:00:50Z', 'a', 4444), // 4 no partial left
      proc('2026-01-01T00:01:00Z', 'a', 'whoami'), // 5
      net('2026-01-01T00:02:01Z', 'a', 4444), // 6 too late (61s)
      proc('2026-01-01T00:03:00Z', 'a', 'whoami'), // 7
      proc('2026-01-01T00:03:10Z', 'a', 'logoff'), // 8 until
      net('2026-01-01T00:03:20Z', 'a', 4444), // 9 cancelled
      net('2026-01-01T00:03:30Z', 'a', 4444), // 10
    ];
    const alerts = await huntAlerts([seq], events);
    expect(lines(alerts)).toEqual([3]);
    expect(alerts[0]!.events!.map((e) => e.line)).toEqual([1, 3]);
  });
});

describe('Sigma correlations', () => {
  const base = `title: failed logon
name: failed
logsource: {product: windows, service: security}
detection:
  s: {EventID: 4625}
  condition: s
---
title: success logon
name: success
logsource: {product: windows, service: security}
detection:
  s: {EventID: 4624}
  condition: s
`;
  const logon = (t: string, id: number, user: string, ip = '10.0.0.1') => ({
    EventID: id,
    Channel: 'Security',
    TimeCreated: t,
    TargetUserName: user,
    IpAddress: ip,
  });
  it('event_count per group within the timespan, base rules silenced', async () => {
    const rules = sigmaRules(`${base}---
title: brute force
correlation:
  type: event_count
  rules: [failed]
  group-by: [TargetUserName]
  timespan: 5m
  condition: {gte: 3}
`);
    const events = [
      logon('2026-01-01T00:00:00Z', 4625, 'bob'),
      logon('2026-01-01T00:01:00Z', 4625, 'bob'),
      logon('2026-01-01T00:02:00Z', 4625, 'eve'),
      logon('2026-01-01T00:03:00Z', 4625, 'bob'), // 4: third for bob
      logon('2026-01-01T00:10:00Z', 4625, 'eve'), // eve's window expired: a new one
      logon('2026-01-01T00:11:00Z', 4625, 'eve'),
    ];
    const alerts = await huntAlerts(rules, events, undefined, 'sysmon');
    expect(alerts.map((a) => `${a.rule.meta.title}@${a.line}`)).toEqual(['brute force@4']);
    expect(alerts[0]!.events!.map((e) => e.line)).toEqual([1, 2, 4]);
  });
  it('value_count, temporal_ordered, and conditions decided at window close', async () => {
    const rules = sigmaRules(`${base}---
title: spray
correlation:
  type: value_count
  rules: [failed]
  group-by: [IpAddress]
  timespan: 10m
  condition: {field: TargetUserName, gte: 2}
---
title: failed then success
correlation:
  type: temporal_ordered
  rules: [failed, success]
  group-by: [TargetUserName]
  timespan: 10m
---
title: quiet
correlation:
  type: event_count
  rules: [success]
  group-by: [TargetUserName]
  timespan: 10m
  condition: {lt: 2}
`);
    const events = [
      logon('2026-01-01T00:00:00Z', 4624, 'ann'), // success before failure: no order
      logon('2026-01-01T00:01:00Z', 4625, 'ann'),
      logon('2026-01-01T00:02:00Z', 4625, 'ann'),
      logon('2026-01-01T00:03:00Z', 4625, 'bob'), // 4: second distinct user from 10.0.0.1
      logon('2026-01-01T00:04:00Z', 4624, 'bob'), // 5: bob failed then succeeded
    ];
    const alerts = await huntAlerts(rules, events, undefined, 'sysmon');
    expect(alerts.map((a) => `${a.rule.meta.title}@${a.line}`).sort()).toEqual(
      ['failed then success@5', 'quiet@1', 'quiet@5', 'spray@4'].sort(),
    );
  });
});

describe('Elastic alert suppression', () => {
  const suppressed = (strategy: string) =>
    elasticRule(
      rule(
        'query',
        `[rule.alert_suppression]\ngroup_by = ["host.name"]\nmissing_fields_strategy = "${strategy}"\n[rule.alert_suppression.duration]\nunit = "m"\nvalue = 30`,
      ),
    );
  const events = [
    ecs('2026-01-01T00:00:00Z', 'a', 'ss'), // 1 alerts, opens a's window
    ecs('2026-01-01T00:10:00Z', 'a', 'ss'), // suppressed
    ecs('2026-01-01T00:12:00Z', 'b', 'ss'), // 3 other group
    ecs('2026-01-01T00:30:00Z', 'a', 'ss'), // 4 window over (30 minutes)
    ecs('2026-01-01T00:31:00Z', undefined, 'ss'), // 5 missing group field
    ecs('2026-01-01T00:32:00Z', undefined, 'ss'), // suppressed together with 5, unless doNotSuppress
  ];
  it('folds alerts of a group within the duration', async () => {
    expect(lines(await huntAlerts([suppressed('suppress')], events))).toEqual([1, 3, 4, 5]);
    expect(lines(await huntAlerts([suppressed('doNotSuppress')], events))).toEqual([1, 3, 4, 5, 6]);
  });
});
