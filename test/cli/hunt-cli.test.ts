// The dragnet command as users run it (built CLI): the quick-start hunt, jsonl/csv output, errors and exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the hunts of these tests keep their prefilter plans (not the user's cache). */
const CACHE = mkdtempSync(join(tmpdir(), 'dragnet-cli-cache-'));

function dragnet(args: string[], input?: string) {
  const result = spawnSync('node', [join(ROOT, 'bin/dragnet.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, DRAGNET_CACHE_DIR: CACHE },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dragnet hunt', () => {
  it('hunts the bundled examples: the expected alerts, grouped by rule', () => {
    const { code, stdout } = dragnet([
      'hunt',
      '--rules',
      'examples/rules',
      '--events',
      'examples/events',
      '--format',
      'jsonl',
    ]);
    expect(code).toBe(0);
    const alerts = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const hits = alerts
      .map((a) => `${a.rule.id.slice(0, 8)} ${a.source.file.split('/').pop()}:${a.source.line}`)
      .sort();
    expect(hits).toEqual(
      [
        '0f6f2a52 ecs-endpoint.jsonl:1', // ss on linux (ECS)
        '0f6f2a52 linux-sysmon.jsonl:1', // netstat from bash
        '0f6f2a52 linux-sysmon.jsonl:6', // lsof from python
        '8c1b7e0a ecs-endpoint.jsonl:4', // netstat on macOS
        '8c1b7e0a ecs-endpoint.jsonl:5', // w on macOS
        '8c1b7e0a ecs-endpoint.jsonl:6', // same combination again: Sigma alerts, new_terms does not
        '8c1b7e0a ecs-endpoint.jsonl:9',
        '0f6f2a52 ecs-endpoint.jsonl:10', // NETSTAT: Sigma is case-insensitive, KQL on keyword is not
        // Elastic new_terms (host.name, process.name), 7-day history: first sightings, and mac-11/netstat again
        // 8 days after it was last seen. Not line 6 (seen 2 minutes before), not line 10 (case), not line 2 (telegraf).
        '6f1d3c9e ecs-endpoint.jsonl:1',
        '6f1d3c9e ecs-endpoint.jsonl:4',
        '6f1d3c9e ecs-endpoint.jsonl:5',
        '6f1d3c9e ecs-endpoint.jsonl:9',
        '3e9d4c21 ecs-endpoint.jsonl:7', // netstat -ano on Windows (ECS)
        '3e9d4c21 windows-sysmon.json:2', // netstat /ano (windash)
        '3e9d4c21 windows-sysmon.json:4', // renamed netstat, found by OriginalFileName
      ].sort(),
    );
    const first = alerts[0];
    expect(Object.keys(first)).toEqual(['rule', 'event', 'source']);
    expect(Object.keys(first.rule)).toEqual(['id', 'title', 'level', 'tags', 'source']);
  });

  it('keeps compiled prefilters for later hunts with the same rules (--plan-cache)', () => {
    const plans = mkdtempSync(join(tmpdir(), 'dragnet-plans-'));
    const hunt = (...flags: string[]) =>
      dragnet(['hunt', '-r', 'examples/rules', '-e', 'examples/events', '--format', 'jsonl', ...flags]);
    const fresh = hunt('--no-plan-cache');
    expect(fresh.code).toBe(0);
    const first = hunt('--plan-cache', plans);
    const kept = readdirSync(plans).filter((name) => name.endsWith('.plan'));
    expect(kept.length).toBeGreaterThan(0);
    const again = hunt('--plan-cache', plans);
    expect(readdirSync(plans).filter((name) => name.endsWith('.plan'))).toEqual(kept);
    expect([first.stdout, again.stdout]).toEqual([fresh.stdout, fresh.stdout]);
    expect(readdirSync(join(CACHE, 'plans')).length).toBeGreaterThan(0); // the default folder, from the environment
  });

  it('prints a readable table with ATT&CK ids and a summary', () => {
    const { code, stdout } = dragnet(['hunt', '-r', 'examples/rules', '-e', 'examples/events']);
    expect(code).toBe(0);
    expect(stdout).toContain('[MEDIUM] Netstat Listing Connections With Owning Processes  (3 alerts)');
    expect(stdout).toContain('ATT&CK: TA0007 T1049');
    expect(stdout).toMatch(/events read: 21\nrules loaded: 4, failed: 0\nalerts: 15/);
    expect(stdout).toMatch(
      /\ntime: loading rules \d+\.\d s, compiling and hunting \d+\.\d s \([\d,]+ events\/s\)\n/,
    );
  });

  it('writes csv with a header', () => {
    const { stdout } = dragnet(['hunt', '-r', 'examples/rules', '-e', 'examples/events', '-f', 'csv']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('rule_id,rule_title,level,attack,file,line,event');
    expect(lines).toHaveLength(16);
  });

  it('writes what each rule cost with --rule-stats, alerts unchanged', () => {
    const report = join(mkdtempSync(join(tmpdir(), 'dragnet-stats-')), 'costs.json');
    const { code, stdout } = dragnet([
      ...['hunt', '-r', 'examples/rules', '-e', 'examples/events', '-f', 'jsonl', '--rule-stats', report],
    ]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(15);
    const { schemas, rules } = JSON.parse(readFileSync(report, 'utf8'));
    expect(
      Object.fromEntries(schemas.map((s: { schema: string; events: number }) => [s.schema, s.events])),
    ).toEqual({ ecs: 10, sysmon: 11 });
    const matches: Record<string, number> = {};
    for (const row of rules as { id: string; matches: number; evaluations: number }[]) {
      matches[row.id.slice(0, 8)] = (matches[row.id.slice(0, 8)] ?? 0) + row.matches;
      expect(row.evaluations).toBeGreaterThanOrEqual(row.matches);
    }
    // Events each rule's per-event condition is true for: the alerts above, and for new_terms also line 6 (no
    // alert: the terms were seen two minutes before).
    expect(matches).toEqual({ '0f6f2a52': 4, '8c1b7e0a': 4, '3e9d4c21': 3, '6f1d3c9e': 5 });
    const inDatabase = dragnet([
      ...['hunt', '-r', 'examples/rules', '-e', 'examples/events', '--engine', 'duckdb', '--rule-stats', '-'],
    ]);
    expect(inDatabase.code).not.toBe(0);
    expect(inDatabase.stderr).toContain('--rule-stats needs --engine native');
    // A report that cannot be written stops the hunt before it starts, not after.
    const nowhere = dragnet([
      ...[
        'hunt',
        '-r',
        'examples/rules',
        '-e',
        'examples/events',
        '--rule-stats',
        '/nonexistent/dir/costs.csv',
      ],
    ]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain(
      '--rule-stats /nonexistent/dir/costs.csv: no writable folder /nonexistent/dir',
    );
    expect(nowhere.stdout).toBe('');
  });

  it('hunts a DuckDB database loaded by an earlier run, without --events', () => {
    const database = join(mkdtempSync(join(tmpdir(), 'dragnet-duckdb-')), 'events.duckdb');
    const hunt = (...flags: string[]) =>
      dragnet([
        'hunt',
        '-r',
        'examples/rules',
        '--engine',
        'duckdb',
        '--connect',
        database,
        '-f',
        'jsonl',
        ...flags,
      ]);
    const loading = hunt('-e', 'examples/events');
    expect(loading.code).toBe(0);
    expect(loading.stdout.trim().split('\n').length).toBeGreaterThan(5);
    const again = hunt();
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\ntime: loading rules \d+\.\d s, hunting in the database \d+\.\d s\n/);
    // The same alerts; their events are now the table's rows (flattened columns), not the files' events.
    const alerts = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .map((alert) => `${alert.rule.id} ${alert.source.file}:${alert.source.line}`);
    expect(alerts(again.stdout)).toEqual(alerts(loading.stdout));
  });

  it('reads stdin, reports malformed events and broken rules with file:line, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-cli-'));
    writeFileSync(
      join(dir, 'bad.yml'),
      'title: bad\nlogsource: {product: linux}\ndetection:\n  s: {Image|bogus: x}\n  condition: s\n',
    );
    const input =
      '{"EventID": 1, "Image": "/usr/bin/netstat", "ParentImage": "/bin/sh"}\n{"EventID": 1,\n{"EventID": 1, "Image": "/bin/ls"}\n';
    const { code, stdout, stderr } = dragnet(
      ['hunt', '-r', 'examples/rules', dir, '-e', '-', '-f', 'jsonl', '-p', 'sysmon'],
      input,
    );
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`rule error: ${join(dir, 'bad.yml')}:4: Image|bogus: unknown modifier 'bogus'`);
    expect(stderr).toMatch(/rejected event: <stdin>:2: malformed JSON/);
    expect(stderr).toContain('events read: 2, rejected: 1');
  });

  it('exits 2 with usage on bad arguments, and has --help', () => {
    const noEvents = dragnet(['hunt', '--rules', 'examples/rules']);
    expect(noEvents.code).toBe(2);
    expect(noEvents.stderr).toContain('--events is required');
    expect(dragnet(['hunt', '--rules', 'examples/rules', '--engine', 'duckdb']).stderr).toContain(
      '--engine duckdb needs --events, or --connect',
    );
    const help = dragnet(['hunt', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--events <paths...>');
  });
});

describe('dragnet rules', () => {
  it('lists rules as json with errors, exit 1 when any fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-rules-'));
    writeFileSync(join(dir, 'broken.yml'), 'title: x\nlogsource: {product: y}\n');
    const ok = dragnet(['rules', 'examples/rules', '--format', 'json']);
    expect(ok.code).toBe(0);
    const listing = JSON.parse(ok.stdout);
    expect(listing.rules.map((r: { id: string }) => r.id)).toContain('3e9d4c21-6a7b-4f8e-a1d2-5c6b7a8e9f30');
    const byId = (id: string) => listing.rules.find((r: { id: string }) => r.id === id);
    expect(byId('3e9d4c21-6a7b-4f8e-a1d2-5c6b7a8e9f30')).toMatchObject({
      format: 'sigma',
      type: 'detection',
      attack: ['TA0007', 'T1049'],
    });
    expect(byId('6f1d3c9e-2b7a-4e5f-8a0c-9d4b1e7f3a21')).toMatchObject({
      format: 'elastic',
      type: 'new_terms',
      language: 'kuery',
      level: 'low',
    });
    const bad = dragnet(['rules', dir, '--format', 'json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).errors).toEqual([
      { file: join(dir, 'broken.yml'), line: 1, message: "missing required 'detection'" },
    ]);
    // Parsed rule files are kept (here in the tests' cache folder); a second run and one without them agree.
    expect(readdirSync(join(CACHE, 'rules')).some((name) => name.endsWith('.rules'))).toBe(true);
    const again = dragnet(['rules', dir, '--format', 'json']);
    const fresh = dragnet(['rules', dir, '--format', 'json', '--no-rule-cache']);
    expect([again.stdout, fresh.stdout]).toEqual([bad.stdout, bad.stdout]);
  });
});
