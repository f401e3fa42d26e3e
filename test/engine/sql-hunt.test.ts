// SQL hunts end to end: event files loaded into DuckDB, rules pushed down, alerts with their source lines; stateful
// rules checked against the native engine; PostgreSQL hunts when DRAGNET_PG_URL is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlIdentifier, sqlString } from '../../src/backends/sql/literal.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { eventTime } from '../../src/engine/event-time.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { DuckDbSession } from '../../src/engine/sql/duckdb-session.js';
import { runSqlHunt, type SqlHuntOptions } from '../../src/engine/sql/hunt.js';
import { loadEventsIntoDuckDb } from '../../src/engine/sql/load-events.js';
import { PostgresSession } from '../../src/engine/sql/postgres-session.js';
import type { RowOrigin } from '../../src/engine/sql/row-origin.js';
import { NewTermsRule } from '../../src/engine/stateful/new-terms.js';
import type { StatefulAlert, StatefulRule } from '../../src/engine/stateful/stateful-rule.js';
import { ThresholdRule } from '../../src/engine/stateful/threshold.js';
import { type Expr, match, not } from '../../src/ir/expr.js';
import type { Aggregation } from '../../src/ir/rule.js';
import { targetRule } from '../helpers/target-rule.js';

const dir = mkdtempSync(join(tmpdir(), 'dragnet-sql-hunt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeEvents(name: string, events: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return path;
}

/** The SQL hunt queries its own table: the rule's sources are never read. */
const targetOf = (detection: Expr, aggregation?: Aggregation) =>
  targetRule(detection, { sources: ['ignored'], aggregation });

interface Collected {
  alerts: { rule: number; row: Record<string, unknown>; origin: RowOrigin }[];
  errors: { rule: number; message: string }[];
}

async function hunt(opts: Omit<SqlHuntOptions, 'onAlert' | 'onError'>): Promise<Collected> {
  const out: Collected = { alerts: [], errors: [] };
  await runSqlHunt({
    ...opts,
    onAlert: (rule, row, origin) => out.alerts.push({ rule, row, origin }),
    onError: (rule, message) => out.errors.push({ rule, message }),
  });
  return out;
}

describe('loading event files into DuckDB', () => {
  it('flattens events as the native engine reads them, one text column per field', async () => {
    const file = writeEvents('load.jsonl', [
      { process: { name: 'cmd.exe', pid: 42, elevated: true }, tags: ['a'], user: null },
      {
        process: { name: 'x' },
        tags: ['a', 'b'],
        'process.pid': 7,
        Channel: { '#text': 'Security', '#attributes': {} },
      },
      { PROCESS: { NAME: 'collides' }, _dragnet_line: 'taken' },
    ]);
    const session = await DuckDbSession.open();
    try {
      const rejected: unknown[] = [];
      const loaded = await loadEventsIntoDuckDb(session, 'events', [file], (r) => rejected.push(r));
      expect(loaded.rows).toBe(3);
      expect(loaded.columns).toEqual([
        'process.name',
        'process.pid',
        'process.elevated',
        'tags',
        'user',
        'Channel',
      ]);
      expect(loaded.skippedFields.sort()).toEqual(['PROCESS.NAME', '_dragnet_line']);
      const rows: Record<string, unknown>[] = [];
      await session.query('SELECT * FROM events ORDER BY _dragnet_row', (batch) => rows.push(...batch));
      expect(rows[0]).toEqual({
        _dragnet_row: 1,
        _dragnet_file: file,
        _dragnet_line: 1,
        'process.name': 'cmd.exe',
        'process.pid': '42',
        'process.elevated': 'true',
        tags: 'a',
        user: null,
        Channel: null,
      });
      expect(rows[1]).toMatchObject({
        tags: '["a","b"]',
        'process.pid': '7',
        Channel: 'Security',
        _dragnet_line: 2,
      });
      expect(rejected).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('reports unreadable records and loads the rest', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, '{"a":"1"}\n{not json}\n{"a":"3"}\n');
    const session = await DuckDbSession.open();
    try {
      const rejected: { line: number }[] = [];
      const loaded = await loadEventsIntoDuckDb(session, 'events', [path], (r) => rejected.push(r));
      expect(loaded.rows).toBe(2);
      expect(rejected.map((r) => r.line)).toEqual([2]);
    } finally {
      await session.close();
    }
  });
});

describe('DuckDB hunts', () => {
  const file = writeEvents('hunt.jsonl', [
    { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami', EventID: 1 },
    { Image: 'C:\\Windows\\explorer.exe', EventID: 1 },
    { Image: 'C:\\Tools\\WHOAMI.EXE', CommandLine: 'whoami /all', EventID: '1' },
  ]);
  const whoami = match('CommandLine', {
    kind: 'string',
    op: 'contains',
    value: 'WHOAMI',
    caseSensitive: false,
  });

  it('alerts carry the row as an event (nulls dropped) and its file and line', async () => {
    const result = await hunt({
      engine: 'duckdb',
      table: 'events',
      files: [file],
      targets: [targetOf(whoami)],
    });
    expect(result.errors).toEqual([]);
    expect(result.alerts.map((a) => a.origin)).toEqual([
      { file, line: 1 },
      { file, line: 3 },
    ]);
    expect(result.alerts[1]!.row).toEqual({
      Image: 'C:\\Tools\\WHOAMI.EXE',
      CommandLine: 'whoami /all',
      EventID: '1',
    });
  });

  it('a rule that cannot be rendered is reported and the hunt goes on', async () => {
    const placeholder = match('Image', { kind: 'placeholder', name: 'Admins' });
    const notCmd = not(
      match('Image', { kind: 'string', op: 'endswith', value: '\\cmd.exe', caseSensitive: false }),
    );
    const result = await hunt({
      engine: 'duckdb',
      table: 'events',
      files: [file],
      targets: [targetOf(placeholder), targetOf(notCmd), targetOf(match('NoSuchField', { kind: 'null' }))],
    });
    expect(result.errors).toEqual([{ rule: 0, message: 'placeholder: unresolved placeholder %Admins%' }]);
    expect(result.alerts.filter((a) => a.rule === 1).map((a) => a.origin.line)).toEqual([2, 3]);
    expect(result.alerts.filter((a) => a.rule === 2)).toHaveLength(3);
  });

  it('keyword rules search every event column but not the origin columns', async () => {
    const keyword: Expr = {
      kind: 'keyword',
      matcher: { kind: 'string', op: 'contains', value: 'explorer', caseSensitive: false },
    };
    const byLine: Expr = {
      kind: 'keyword',
      matcher: { kind: 'string', op: 'equals', value: 'hunt.jsonl', caseSensitive: false },
    };
    const result = await hunt({
      engine: 'duckdb',
      table: 'events',
      files: [file],
      targets: [targetOf(keyword), targetOf(byLine)],
    });
    expect(result.alerts.map((a) => [a.rule, a.origin.line])).toEqual([[0, 2]]);
  });

  it('a table of typed columns is read through a text view', async () => {
    const path = join(dir, 'typed.duckdb');
    const session = await DuckDbSession.open(path);
    await session.execute('CREATE TABLE typed (EventID INTEGER, Elevated BOOLEAN, Image VARCHAR)');
    await session.execute(`INSERT INTO typed VALUES (4688, true, 'a.exe'), (1, false, NULL)`);
    await session.close();
    const result = await hunt({
      engine: 'duckdb',
      connect: path,
      table: 'typed',
      targets: [
        targetOf(match('EventID', { kind: 'number', value: 4688 })),
        targetOf(match('Elevated', { kind: 'bool', value: false })),
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.alerts.map((a) => [a.rule, a.row])).toEqual([
      [0, { EventID: '4688', Elevated: 'true', Image: 'a.exe' }],
      [1, { EventID: '1', Elevated: 'false' }],
    ]);
  });
});

/** Alerts of a stateful rule run by the native engine over the events, in input order. */
function nativeStateful(events: JsonObject[], detection: Expr, evaluator: StatefulRule): StatefulAlert[] {
  const predicate = compileExpr(detection, 'boolean');
  const alerts: StatefulAlert[] = [];
  for (const [i, event] of events.entries()) {
    const view = new EventView(event);
    const time = eventTime(view);
    if (predicate(view) !== true || time === undefined) continue;
    const record = { event, file: 'x', line: i + 1 };
    alerts.push(...evaluator.onEvent({ record, view, time, field: (f) => f }));
  }
  return alerts;
}

describe('stateful rules agree with the native engine', () => {
  const minute = 60_000;
  const at = (m: number, s = 0) => new Date(Date.UTC(2024, 0, 1, 10, m, s)).toISOString();
  const logons = [
    { '@timestamp': at(0), EventID: '4625', host: 'a', user: 'u1' },
    { '@timestamp': at(1), EventID: '4625', host: 'a', user: 'u2' },
    { '@timestamp': at(2), EventID: '4625', host: 'a', user: 'u2' },
    { '@timestamp': at(2), EventID: '4624', host: 'a', user: 'u3' },
    { '@timestamp': at(3), EventID: '4625', host: 'b', user: 'u1' },
    { '@timestamp': at(6), EventID: '4625', host: 'a', user: 'u1' },
    { '@timestamp': at(7), EventID: '4625', user: 'u9' },
    { '@timestamp': at(7), EventID: '4625', host: 'a', user: 'u1' },
    { EventID: '4625', host: 'a', user: 'u5' },
    { '@timestamp': at(8), EventID: '4625', host: 'a', user: 'u4' },
    { '@timestamp': at(40), EventID: '4625', host: 'b', user: 'u1' },
    { '@timestamp': at(40), EventID: '4625', host: 'b', user: 'u1' },
  ];
  const file = writeEvents('logons.jsonl', logons);
  const failed = match('EventID', { kind: 'string', op: 'equals', value: '4625', caseSensitive: false });

  it('threshold: one alert per group and window', async () => {
    const aggregation: Aggregation = {
      kind: 'threshold',
      groupBy: ['host'],
      value: 3,
      cardinality: [{ field: 'user', value: 2 }],
      windowMs: 5 * minute,
    };
    const native = nativeStateful(logons, failed, new ThresholdRule(aggregation)).map((alert) => {
      const time = Date.parse(String(alert.record.event['@timestamp']));
      return { host: alert.group?.host, window_start_ms: time - (time % aggregation.windowMs) };
    });
    const result = await hunt({
      engine: 'duckdb',
      table: 'events',
      files: [file],
      targets: [targetOf(failed, aggregation)],
    });
    expect(result.errors).toEqual([]);
    expect(
      result.alerts.map(({ row }) => ({ host: row.host, window_start_ms: row.window_start_ms })),
    ).toEqual(native);
    expect(result.alerts.map((a) => a.row)).toEqual([
      { host: 'a', window_start_ms: Date.parse(at(0)), event_count: 3, 'distinct_count.user': 2 },
      { host: 'a', window_start_ms: Date.parse(at(5)), event_count: 3, 'distinct_count.user': 2 },
    ]);
  });

  it('new_terms: the same events alert', async () => {
    const aggregation: Aggregation = {
      kind: 'new_terms',
      fields: ['host', 'user'],
      historyWindowMs: 10 * minute,
    };
    const native = nativeStateful(logons, failed, new NewTermsRule(aggregation)).map(
      (alert) => alert.record.line,
    );
    const result = await hunt({
      engine: 'duckdb',
      table: 'events',
      files: [file],
      targets: [targetOf(failed, aggregation)],
    });
    expect(result.errors).toEqual([]);
    expect(native).toEqual([1, 2, 5, 10, 11]);
    expect(result.alerts.map((a) => a.origin.line)).toEqual(native);
  });
});

const pgUrl = process.env.DRAGNET_PG_URL;
describe.skipIf(!pgUrl)('PostgreSQL hunts (DRAGNET_PG_URL)', () => {
  it('pushes each rule down and returns matching rows', async () => {
    const table = `sql_hunt_${process.pid}`;
    const session = await PostgresSession.open(pgUrl!);
    try {
      await session.execute(
        `CREATE TABLE ${sqlIdentifier(table)} ("Image" TEXT, "EventID" INTEGER, "process.name" TEXT)`,
      );
      const values = [
        [sqlString('C:\\x\\cmd.exe'), '1', sqlString('cmd.exe')],
        [sqlString('C:\\x\\calc.exe'), '4688', 'NULL'],
      ];
      await session.execute(
        `INSERT INTO ${sqlIdentifier(table)} VALUES ${values.map((v) => `(${v.join(', ')})`).join(', ')}`,
      );
      const result = await hunt({
        engine: 'postgres',
        connect: pgUrl,
        table,
        targets: [
          targetOf(
            match('process.name', { kind: 'string', op: 'startswith', value: 'CMD', caseSensitive: false }),
          ),
          targetOf(match('EventID', { kind: 'compare', op: 'gt', value: 100, type: 'number' })),
          targetOf(
            match('Image', {
              kind: 'regex',
              pattern: '\\\\calc\\.exe$',
              flags: { ignoreCase: false, multiline: false, dotAll: false },
            }),
          ),
        ],
      });
      expect(result.errors).toEqual([]);
      expect(result.alerts.map((a) => [a.rule, a.row.Image])).toEqual([
        [0, 'C:\\x\\cmd.exe'],
        [1, 'C:\\x\\calc.exe'],
        [2, 'C:\\x\\calc.exe'],
      ]);
      expect(result.alerts[1]!.row).toEqual({ Image: 'C:\\x\\calc.exe', EventID: '4688' });
    } finally {
      await session.execute(`DROP TABLE IF EXISTS ${sqlIdentifier(table)}`);
      await session.close();
    }
  });

  it('refuses to load files into PostgreSQL', async () => {
    await expect(
      hunt({ engine: 'postgres', connect: pgUrl, table: 't', files: ['x.jsonl'], targets: [] }),
    ).rejects.toThrow(/only be loaded into DuckDB/);
  });
});
