// Runs rendered SQL on hand-written rows (DuckDB always, PostgreSQL when DRAGNET_PG_URL is set) and checks each
// query returns exactly the expected rows, which are also the rows the native engine matches.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlBackend } from '../../src/backends/sql/backend.js';
import type { SqlDialectName } from '../../src/backends/sql/dialect.js';
import { sqlIdentifier, sqlString } from '../../src/backends/sql/literal.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView } from '../../src/engine/event-view.js';
import { DuckDbSession } from '../../src/engine/sql/duckdb-session.js';
import { PostgresSession } from '../../src/engine/sql/postgres-session.js';
import type { SqlSession } from '../../src/engine/sql/session.js';
import { and, type Expr, match, not, or } from '../../src/ir/expr.js';
import type { LogicMode } from '../../src/ir/rule.js';
import { lit, regex, str as text, wildcard } from '../helpers/matchers.js';
import { targetRule } from '../helpers/target-rule.js';

const COLUMNS = ['id', 'Image', 'CommandLine', 'User', 'Target', 'EventID', 'ip', 'ts', 'Flag'] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

/** Each row exercises escapes, case, unicode, numbers as text, IP and date text; absent keys are NULL. */
const ROWS: Row[] = [
  {
    id: '1',
    Image: 'C:\\Windows\\System32\\cmd.exe',
    CommandLine: 'cmd /c echo 100%',
    User: 'Admin',
    Target: 'ADMIN',
    EventID: '4688',
    ip: '10.1.2.3',
    ts: '2024-01-01T10:00:00Z',
    Flag: 'TRUE',
  },
  {
    id: '2',
    Image: 'C:\\Windows\\System32\\CMD.EXE',
    CommandLine: 'cmd /c echo 100x',
    User: 'admin',
    Target: 'root',
    EventID: '4688.0',
    ip: '::ffff:10.9.9.9',
    ts: '2024-01-01 23:30:00',
    Flag: 'false',
  },
  {
    id: '3',
    Image: 'D:\\tools\\x.exe',
    CommandLine: 'a_b',
    User: "O'Brien",
    EventID: ' 42 ',
    ip: '192.168.1.10',
    ts: '2024-03-05T08:00:00+02:00',
  },
  { id: '4', CommandLine: 'axb', User: 'ÉLODIE', EventID: '0x2A', ip: '010.1.2.3', ts: 'yesterday' },
  { id: '5', Image: 'back', CommandLine: 'back\\slash', User: 'élodie', EventID: 'abc', ip: '2001:db8::1' },
  { id: '6', CommandLine: 'line1\nline2', User: 'Straße', EventID: '', ip: '10.0.0.256' },
  { id: '7' },
  { id: '8', CommandLine: 'say "hi" and \'bye\'', User: '%admin_', EventID: '-1e3' },
];

interface Case {
  name: string;
  expr: Expr;
  expect: string[];
  logic?: LogicMode;
  /** Dialects that must refuse the case with UnsupportedConstruct. */
  refusedBy?: SqlDialectName[];
}

const CASES: Case[] = [
  { name: 'equals ignores case', expr: match('User', text('equals', 'ADMIN')), expect: ['1', '2'] },
  { name: 'cased equals', expr: match('User', text('equals', 'admin', true)), expect: ['2'] },
  { name: '% is literal', expr: match('CommandLine', text('contains', '100%')), expect: ['1'] },
  { name: '_ is literal', expr: match('CommandLine', text('contains', '_')), expect: ['3'] },
  { name: '% and _ literal in equals', expr: match('User', text('equals', '%ADMIN_')), expect: ['8'] },
  { name: 'backslash endswith', expr: match('Image', text('endswith', '\\cmd.exe')), expect: ['1', '2'] },
  {
    name: 'backslash startswith cased',
    expr: match('CommandLine', text('startswith', 'back\\', true)),
    expect: ['5'],
  },
  { name: 'single quote', expr: match('User', text('equals', "o'brien")), expect: ['3'] },
  { name: 'both quotes', expr: match('CommandLine', text('contains', '"hi" and \'bye\'')), expect: ['8'] },
  {
    name: 'unicode case folding',
    refusedBy: ['sqlite'],
    expr: match('User', text('equals', 'élodie')),
    expect: ['4', '5'],
  },
  { name: 'unicode cased', expr: match('User', text('equals', 'ÉLODIE', true)), expect: ['4'] },
  { name: 'ß', expr: match('User', text('contains', 'STRASSE')), expect: [] },
  {
    name: 'empty contains = present',
    expr: match('Image', text('contains', '')),
    expect: ['1', '2', '3', '5'],
  },
  {
    name: 'wildcard ?',
    expr: match('CommandLine', wildcard([lit('A'), { type: 'one' }, lit('B')])),
    expect: ['3', '4'],
  },
  {
    name: 'wildcard * across newline',
    expr: match('CommandLine', wildcard([lit('line1'), { type: 'any' }, lit('2')])),
    expect: ['6'],
  },
  {
    name: 'cased wildcard',
    expr: match('Image', wildcard([{ type: 'any' }, lit('CMD.'), { type: 'any' }], true)),
    expect: ['2'],
  },
  {
    name: 'not, two-valued: missing matches',
    expr: not(match('User', text('equals', 'admin'))),
    expect: ['3', '4', '5', '6', '7', '8'],
  },
  {
    name: 'not, three-valued: missing is unknown',
    expr: not(match('User', text('equals', 'admin'))),
    logic: 'ternary',
    expect: ['3', '4', '5', '6', '8'],
  },
  {
    name: 'not of a number match: text that is no number',
    refusedBy: ['sqlite'],
    expr: not(match('EventID', { kind: 'number', value: 4688 })),
    logic: 'ternary',
    expect: ['3', '4', '5', '6', '8'],
  },
  {
    name: 'nested not and or',
    expr: and([
      match('CommandLine', text('startswith', 'cmd')),
      not(or([match('Flag', { kind: 'bool', value: true })])),
    ]),
    expect: ['2'],
  },
  {
    name: 'number matches decimal text',
    refusedBy: ['sqlite'],
    expr: match('EventID', { kind: 'number', value: 4688 }),
    expect: ['1', '2'],
  },
  {
    name: 'number: padded and hex text',
    refusedBy: ['sqlite'],
    expr: match('EventID', { kind: 'number', value: 42 }),
    expect: ['3', '4'],
  },
  {
    name: 'number: exponent',
    refusedBy: ['sqlite'],
    expr: match('EventID', { kind: 'number', value: -1000 }),
    expect: ['8'],
  },
  {
    name: 'compare numbers',
    refusedBy: ['sqlite'],
    expr: match('EventID', { kind: 'compare', op: 'gt', value: 100, type: 'number' }),
    expect: ['1', '2'],
  },
  {
    name: 'compare numbers lte',
    refusedBy: ['sqlite'],
    expr: match('EventID', { kind: 'compare', op: 'lte', value: 42, type: 'number' }),
    expect: ['3', '4', '8'],
  },
  {
    name: 'compare dates across zones',
    refusedBy: ['sqlite'],
    expr: match('ts', { kind: 'compare', op: 'gt', value: '2024-01-01T12:00:00Z', type: 'date' }),
    expect: ['2', '3'],
  },
  {
    name: 'compare strings in code point order',
    expr: match('User', { kind: 'compare', op: 'lt', value: 'a', type: 'string' }),
    expect: ['1', '3', '6', '8'],
  },
  {
    name: 'regex',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('\\bcmd\\b')),
    expect: ['1', '2'],
  },
  {
    name: 'regex is case-sensitive',
    refusedBy: ['sqlite'],
    expr: match('Image', regex('CMD\\.EXE$')),
    expect: ['2'],
  },
  {
    name: 'regex ignore case',
    refusedBy: ['sqlite'],
    expr: match('Image', regex('cmd\\.exe$', { ignoreCase: true })),
    expect: ['1', '2'],
  },
  {
    name: 'regex dot stops at newline',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('line1.line2')),
    expect: [],
  },
  {
    name: 'regex dotAll',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('line1.line2', { dotAll: true })),
    expect: ['6'],
  },
  {
    name: 'regex multiline',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('^line2$', { multiline: true })),
    expect: ['6'],
  },
  {
    name: 'regex anchors whole text',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('^line2')),
    expect: [],
  },
  {
    name: 'regex classes',
    refusedBy: ['sqlite'],
    expr: match('EventID', regex('^\\d{4}(\\.\\d)?$')),
    expect: ['1', '2'],
  },
  {
    name: 'regex negated class spans newline',
    refusedBy: ['sqlite'],
    expr: match('CommandLine', regex('1[^x]l')),
    expect: ['6'],
  },
  {
    name: 'regex leading inline flag',
    refusedBy: ['sqlite'],
    expr: match('User', regex('(?i)^ADMIN$')),
    expect: ['1', '2'],
  },
  {
    name: 'cidr IPv4 and mapped IPv6',
    refusedBy: ['sqlite'],
    expr: match('ip', { kind: 'cidr', cidr: '10.0.0.0/8' }),
    expect: ['1', '2'],
  },
  {
    name: 'cidr /16',
    refusedBy: ['sqlite'],
    expr: match('ip', { kind: 'cidr', cidr: '192.168.0.0/16' }),
    expect: ['3'],
  },
  {
    name: 'cidr IPv6',
    expr: match('ip', { kind: 'cidr', cidr: '2001:db8::/32' }),
    expect: ['5'],
    refusedBy: ['duckdb', 'sqlite'],
  },
  { name: 'null: NULL column', expr: match('Image', { kind: 'null' }), expect: ['4', '6', '7', '8'] },
  { name: 'exists', expr: { kind: 'exists', field: 'Image' }, expect: ['1', '2', '3', '5'] },
  { name: 'bool true', expr: match('Flag', { kind: 'bool', value: true }), expect: ['1'] },
  { name: 'bool false', expr: match('Flag', { kind: 'bool', value: false }), expect: ['2'] },
  {
    name: 'date part hour (UTC)',
    refusedBy: ['sqlite'],
    expr: match('ts', { kind: 'number', value: 6 }, { kind: 'datepart', part: 'hour' }),
    expect: ['3'],
  },
  {
    name: 'length',
    expr: match('CommandLine', { kind: 'number', value: 3 }, { kind: 'length' }),
    expect: ['3', '4'],
  },
  {
    name: 'fieldref ignoring case',
    expr: { kind: 'fieldref', field: 'User', other: 'Target', op: 'equals', caseSensitive: false },
    expect: ['1'],
  },
  {
    name: 'fieldref cased',
    expr: { kind: 'fieldref', field: 'User', other: 'Target', op: 'equals', caseSensitive: true },
    expect: [],
  },
  {
    name: 'fieldref endswith',
    expr: { kind: 'fieldref', field: 'CommandLine', other: 'Image', op: 'startswith', caseSensitive: true },
    expect: ['5'],
  },
  {
    name: 'keyword over all columns',
    expr: { kind: 'keyword', matcher: text('contains', 'strasse') },
    expect: [],
  },
  {
    name: 'keyword found',
    refusedBy: ['sqlite'],
    expr: { kind: 'keyword', matcher: text('contains', 'straße') },
    expect: ['6'],
  },
  { name: 'field the table lacks', expr: match('NoSuchField', text('equals', 'x')), expect: [] },
  {
    name: 'negated field the table lacks',
    expr: not(match('NoSuchField', text('equals', 'x'))),
    expect: ['1', '2', '3', '4', '5', '6', '7', '8'],
  },
  {
    name: 'null on a field the table lacks',
    expr: match('NoSuchField', { kind: 'null' }),
    expect: ROWS.map((r) => r.id!),
  },
];

/** Ids of the rows the native engine matches, the events being the rows without their NULL columns. */
function nativeIds(expr: Expr, logic: LogicMode): string[] {
  const predicate = compileExpr(expr, logic);
  return ROWS.filter((row) => predicate(new EventView({ ...row })) === true).map((row) => row.id!);
}

const TABLE = `sql_execution_${process.pid}`;

async function createTable(session: SqlSession, temporary: boolean): Promise<void> {
  const columns = COLUMNS.map((c) => `${sqlIdentifier(c)} TEXT`).join(', ');
  await session.execute(`CREATE ${temporary ? 'TEMP ' : ''}TABLE ${sqlIdentifier(TABLE)} (${columns})`);
  const values = ROWS.map(
    (row) => `(${COLUMNS.map((c) => (row[c] === undefined ? 'NULL' : sqlString(row[c]!))).join(', ')})`,
  );
  await session.execute(`INSERT INTO ${sqlIdentifier(TABLE)} VALUES ${values.join(', ')}`);
}

function executionSuite(dialect: SqlDialectName, open: () => Promise<SqlSession>, temporary: boolean): void {
  let session: SqlSession;
  beforeAll(async () => {
    session = await open();
    await createTable(session, temporary);
  });
  afterAll(async () => {
    await session?.close();
  });

  for (const c of CASES) {
    const logic = c.logic ?? 'boolean';
    const target = targetRule(c.expr, { logic, sources: [TABLE] });
    const backend = sqlBackend(dialect, { columns: COLUMNS });
    if (c.refusedBy?.includes(dialect)) {
      it(`${c.name}: refused`, () => {
        expect(() => backend.render(target)).toThrow(UnsupportedConstruct);
      });
      continue;
    }
    it(c.name, async () => {
      expect(nativeIds(c.expr, logic)).toEqual(c.expect);
      const ids: string[] = [];
      await session.query(backend.render(target), (rows) => ids.push(...rows.map((r) => String(r.id))));
      expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual(c.expect);
    });
  }
}

describe('DuckDB executes the rendered SQL', () => {
  executionSuite('duckdb', () => DuckDbSession.open(), false);
});

const pgUrl = process.env.DRAGNET_PG_URL;
if (!pgUrl)
  console.info('PostgreSQL execution tests skipped: set DRAGNET_PG_URL=postgres://user@127.0.0.1:port/db');
describe.skipIf(!pgUrl)('PostgreSQL executes the rendered SQL (DRAGNET_PG_URL)', () => {
  executionSuite('postgres', () => PostgresSession.open(pgUrl!), true);
});

/** SQLite through its command-line shell: each query runs on a fresh in-memory database built by the statements so far. */
class SqliteShell implements SqlSession {
  private readonly statements: string[] = [];
  async columns(): Promise<never> {
    throw new Error('not needed by these tests');
  }
  async execute(sql: string): Promise<void> {
    this.statements.push(`${sql};`);
  }
  async query(sql: string, onRows: (rows: Record<string, unknown>[]) => void): Promise<void> {
    const input = [...this.statements, `${sql};`].join('\n');
    const output = execFileSync('sqlite3', ['-json', ':memory:'], { input, encoding: 'utf8' });
    onRows(output.trim() ? JSON.parse(output) : []);
  }
  async close(): Promise<void> {}
}

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;
if (!hasSqlite) console.info('SQLite execution tests skipped: no sqlite3 shell on PATH');
describe.skipIf(!hasSqlite)('SQLite executes the rendered SQL (sqlite3 shell)', () => {
  executionSuite('sqlite', async () => new SqliteShell(), false);
});
