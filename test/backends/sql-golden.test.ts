// Golden SQL per construct and dialect: the exact text each dialect renders, or its refusal.
import { describe, expect, it } from 'vitest';
import { type SqlRenderOptions, sqlBackend } from '../../src/backends/sql/backend.js';
import type { SqlDialectName } from '../../src/backends/sql/dialect.js';
import { UnsupportedConstruct } from '../../src/backends/target.js';
import { and, type Expr, match, not, or } from '../../src/ir/expr.js';
import type { Aggregation, LogicMode } from '../../src/ir/rule.js';
import { str } from '../helpers/matchers.js';
import { targetRule } from '../helpers/target-rule.js';

function render(
  dialect: SqlDialectName,
  detection: Expr,
  opts: { logic?: LogicMode; aggregation?: Aggregation; options?: SqlRenderOptions; table?: string } = {},
): string {
  const target = targetRule(detection, {
    logic: opts.logic,
    aggregation: opts.aggregation,
    sources: [opts.table ?? 'events'],
    mapField: (field) => (field === 'user' ? 'user.name' : field),
  });
  return sqlBackend(dialect, opts.options).render(target);
}

/** The WHERE condition alone, for the per-construct goldens. */
function where(
  dialect: SqlDialectName,
  detection: Expr,
  logic?: LogicMode,
  options?: SqlRenderOptions,
): string {
  const sql = render(dialect, detection, { logic, options });
  const prefix = 'SELECT * FROM "events" WHERE ';
  expect(sql.startsWith(prefix)).toBe(true);
  return sql.slice(prefix.length);
}

type Golden = Record<SqlDialectName, string | typeof UnsupportedConstruct>;

const GOLDENS: { name: string; expr: Expr; logic?: LogicMode; sql: Golden }[] = [
  {
    name: 'equals, case-insensitive, quote in literal',
    expr: match('Image', str('equals', "C:\\It's")),
    sql: {
      duckdb: `lower("Image") = 'c:\\it''s'`,
      sqlite: `lower("Image") = 'c:\\it''s'`,
      postgres: `lower("Image") = 'c:\\it''s'`,
    },
  },
  {
    name: 'cased contains escapes LIKE metacharacters',
    expr: match('CommandLine', str('contains', '100%_\\', true)),
    sql: {
      duckdb: `"CommandLine" LIKE '%100\\%\\_\\\\%' ESCAPE '\\'`,
      sqlite: `"CommandLine" GLOB '*100%_\\*'`,
      postgres: `"CommandLine" LIKE '%100\\%\\_\\\\%' ESCAPE '\\'`,
    },
  },
  {
    name: 'startswith, case-insensitive',
    expr: match('process.name', str('startswith', 'Power')),
    sql: {
      duckdb: `lower("process.name") LIKE 'power%' ESCAPE '\\'`,
      sqlite: `lower("process.name") LIKE 'power%' ESCAPE '\\'`,
      postgres: `lower("process.name") LIKE 'power%' ESCAPE '\\'`,
    },
  },
  {
    name: 'non-ASCII literal is lower-cased by the database',
    expr: match('User', str('endswith', 'Élodie')),
    sql: {
      duckdb: `lower("User") LIKE lower('%Élodie') ESCAPE '\\'`,
      sqlite: UnsupportedConstruct,
      postgres: `lower("User") LIKE lower('%Élodie') ESCAPE '\\'`,
    },
  },
  {
    name: 'cased wildcard with a literal *',
    expr: match('f', {
      kind: 'wildcard',
      parts: [{ type: 'literal', text: 'a*[' }, { type: 'one' }, { type: 'any' }],
      caseSensitive: true,
    }),
    sql: {
      duckdb: `"f" LIKE 'a*[_%' ESCAPE '\\'`,
      sqlite: `"f" GLOB 'a[*][[]?*'`,
      postgres: `"f" LIKE 'a*[_%' ESCAPE '\\'`,
    },
  },
  {
    name: 'regex with flags',
    expr: match('CommandLine', {
      kind: 'regex',
      pattern: '\\bwhoami\\b.\\d+',
      flags: { ignoreCase: true, multiline: false, dotAll: false },
    }),
    sql: {
      duckdb: `regexp_matches("CommandLine", '\\bwhoami\\b.\\d+', 'i')`,
      sqlite: UnsupportedConstruct,
      postgres: `"CommandLine" ~* '\\ywhoami\\y[^\\n][0-9]+'`,
    },
  },
  {
    name: 'regex dotAll and multiline',
    expr: match('f', {
      kind: 'regex',
      pattern: '^a.b$',
      flags: { ignoreCase: false, multiline: true, dotAll: true },
    }),
    sql: {
      duckdb: `regexp_matches("f", '(?ms)^a.b$')`,
      sqlite: UnsupportedConstruct,
      postgres: `"f" ~ '(?:^|(?<=\\n))a.b(?:$|(?=\\n))'`,
    },
  },
  {
    name: 'exists',
    expr: { kind: 'exists', field: 'f' },
    sql: { duckdb: `"f" IS NOT NULL`, sqlite: `"f" IS NOT NULL`, postgres: `"f" IS NOT NULL` },
  },
  {
    name: 'null',
    expr: match('f', { kind: 'null' }),
    sql: { duckdb: `"f" IS NULL`, sqlite: `"f" IS NULL`, postgres: `"f" IS NULL` },
  },
  {
    name: 'bool',
    expr: match('f', { kind: 'bool', value: true }),
    sql: { duckdb: `lower("f") = 'true'`, sqlite: `lower("f") = 'true'`, postgres: `lower("f") = 'true'` },
  },
  {
    name: 'compare strings in code point order',
    expr: match('f', { kind: 'compare', op: 'lt', value: 'm', type: 'string' }),
    sql: { duckdb: `"f" < 'm'`, sqlite: `"f" < 'm'`, postgres: `"f" COLLATE "C" < 'm'` },
  },
  {
    name: 'length',
    expr: match('f', { kind: 'compare', op: 'gte', value: 10, type: 'number' }, { kind: 'length' }),
    sql: { duckdb: `length("f") >= 10`, sqlite: `length("f") >= 10`, postgres: `length("f") >= 10` },
  },
  {
    name: 'and, or, not in two-valued logic',
    expr: and([
      match('a', str('equals', 'x', true)),
      not(or([match('b', str('equals', 'y', true)), { kind: 'exists', field: 'c' }])),
    ]),
    sql: {
      duckdb: `("a" = 'x' AND NOT COALESCE(("b" = 'y' OR "c" IS NOT NULL), FALSE))`,
      sqlite: `("a" = 'x' AND NOT COALESCE(("b" = 'y' OR "c" IS NOT NULL), FALSE))`,
      postgres: `("a" = 'x' AND NOT COALESCE(("b" = 'y' OR "c" IS NOT NULL), FALSE))`,
    },
  },
  {
    name: 'not in three-valued logic',
    expr: not(match('a', str('equals', 'x', true))),
    logic: 'ternary',
    sql: { duckdb: `NOT ("a" = 'x')`, sqlite: `NOT ("a" = 'x')`, postgres: `NOT ("a" = 'x')` },
  },
  {
    name: 'fieldref contains, case-insensitive',
    expr: { kind: 'fieldref', field: 'a', other: 'b', op: 'contains', caseSensitive: false },
    sql: {
      duckdb: `POSITION(lower("b") IN lower("a")) > 0`,
      sqlite: `instr(lower("a"), lower("b")) > 0`,
      postgres: `POSITION(lower("b") IN lower("a")) > 0`,
    },
  },
  {
    name: 'fieldref endswith',
    expr: { kind: 'fieldref', field: 'a', other: 'b', op: 'endswith', caseSensitive: true },
    sql: {
      duckdb: `substr("a", length("a") - length("b") + 1) = "b"`,
      sqlite: `substr("a", length("a") - length("b") + 1) = "b"`,
      postgres: `substr("a", length("a") - length("b") + 1) = "b"`,
    },
  },
  {
    name: 'constants',
    expr: or([{ kind: 'const', value: true }, match('a', str('equals', 'x', true))]),
    sql: { duckdb: 'TRUE', sqlite: 'TRUE', postgres: 'TRUE' },
  },
  {
    name: 'placeholder',
    expr: match('f', { kind: 'placeholder', name: 'Admins' }),
    sql: { duckdb: UnsupportedConstruct, sqlite: UnsupportedConstruct, postgres: UnsupportedConstruct },
  },
  {
    name: 'nested',
    expr: { kind: 'nested', path: 'items', child: match('name', str('equals', 'x')) },
    sql: { duckdb: UnsupportedConstruct, sqlite: UnsupportedConstruct, postgres: UnsupportedConstruct },
  },
  {
    name: 'keyword without the column list',
    expr: { kind: 'keyword', matcher: str('contains', 'mimikatz') },
    sql: { duckdb: UnsupportedConstruct, sqlite: UnsupportedConstruct, postgres: UnsupportedConstruct },
  },
  {
    name: 'NUL in a literal',
    expr: match('f', str('equals', 'a\u0000b', true)),
    sql: { duckdb: UnsupportedConstruct, sqlite: UnsupportedConstruct, postgres: UnsupportedConstruct },
  },
];

describe('golden SQL per construct', () => {
  for (const golden of GOLDENS) {
    for (const dialect of ['duckdb', 'sqlite', 'postgres'] as const) {
      it(`${golden.name} (${dialect})`, () => {
        const expected = golden.sql[dialect];
        if (typeof expected === 'string') expect(where(dialect, golden.expr, golden.logic)).toBe(expected);
        else expect(() => where(dialect, golden.expr, golden.logic)).toThrow(expected);
      });
    }
  }
});

describe('guarded numbers, dates and addresses', () => {
  it('number equality reads decimal and hex text, DuckDB', () => {
    expect(where('duckdb', match('EventID', { kind: 'number', value: 4688 }))).toBe(
      `CASE WHEN regexp_matches("EventID", '^ *[+-]?(([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?|Infinity) *$')` +
        ` THEN CAST(trim("EventID") AS DOUBLE) WHEN regexp_matches("EventID", '^ *0[xX][0-9A-Fa-f]{1,15} *$')` +
        ` THEN CAST(trim("EventID") AS BIGINT) END = 4688`,
    );
  });

  it('number equality, PostgreSQL: NUMERIC and hex through BIT(64)', () => {
    expect(where('postgres', match('EventID', { kind: 'number', value: 4688 }))).toBe(
      `CASE WHEN "EventID" ~ '^ *[+-]?(([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?|Infinity) *$'` +
        ` THEN CAST(trim("EventID") AS NUMERIC) WHEN "EventID" ~ '^ *0[xX][0-9A-Fa-f]{1,15} *$'` +
        ` THEN CAST(CAST('x' || lpad(substr(trim("EventID"), 3), 16, '0') AS BIT(64)) AS BIGINT) END = 4688`,
    );
  });

  it('SQLite refuses numbers, dates and cidr rather than approximating', () => {
    expect(() => where('sqlite', match('f', { kind: 'number', value: 1 }))).toThrow(UnsupportedConstruct);
    expect(() =>
      where('sqlite', match('f', { kind: 'compare', op: 'gt', value: '2024-01-01', type: 'date' })),
    ).toThrow(UnsupportedConstruct);
    expect(() => where('sqlite', match('f', { kind: 'cidr', cidr: '10.0.0.0/8' }))).toThrow(
      UnsupportedConstruct,
    );
  });

  it('a number leaf in three-valued logic is a plain non-match for present text that is no number', () => {
    expect(where('duckdb', match('f', { kind: 'number', value: 1 }), 'ternary')).toMatch(
      /^CASE WHEN "f" IS NOT NULL THEN COALESCE\(CASE WHEN .* END = 1, FALSE\) END$/,
    );
  });

  it('date literal and impossible dates', () => {
    expect(
      where('postgres', match('ts', { kind: 'compare', op: 'gte', value: '2024-02-29', type: 'date' })),
    ).toMatch(/ >= CAST\('2024-02-29' AS TIMESTAMPTZ\)$/);
    expect(() =>
      where('postgres', match('ts', { kind: 'compare', op: 'gte', value: '2023-02-29', type: 'date' })),
    ).toThrow(UnsupportedConstruct);
    expect(() =>
      where('duckdb', match('ts', { kind: 'compare', op: 'gte', value: 'Jan 1 2024', type: 'date' })),
    ).toThrow(UnsupportedConstruct);
  });

  it('date parts are read in UTC', () => {
    expect(
      where('duckdb', match('ts', { kind: 'number', value: 6 }, { kind: 'datepart', part: 'hour' })),
    ).toMatch(
      /^EXTRACT\(HOUR FROM CASE WHEN .* THEN TRY_CAST\("ts" AS TIMESTAMPTZ\) END AT TIME ZONE 'UTC'\) = 6$/,
    );
  });

  it('cidr: host bits are masked off; DuckDB compares IPv4 by arithmetic and refuses IPv6', () => {
    const sql = where('duckdb', match('ip', { kind: 'cidr', cidr: '172.16.5.4/12' }));
    expect(sql).toContain('BETWEEN 2886729728 AND 2887778303');
    expect(() => where('duckdb', match('ip', { kind: 'cidr', cidr: 'fe80::/10' }))).toThrow(
      UnsupportedConstruct,
    );
  });

  it('cidr: PostgreSQL tests inet containment, IPv4-mapped addresses included', () => {
    const sql = where('postgres', match('ip', { kind: 'cidr', cidr: '10.1.2.3/8' }));
    expect(sql).toContain(`THEN CAST("ip" AS INET) <<= CAST('10.0.0.0/8' AS INET)`);
    expect(sql).toContain(`THEN CAST("ip" AS INET) <<= CAST('::ffff:10.0.0.0/104' AS INET) END`);
  });
});

describe('table columns', () => {
  const columns = { columns: ['a', 'b'] };

  it('a field the table lacks is missing: unknown, its null match true, its exists false', () => {
    expect(where('duckdb', match('zz', str('equals', 'x')), 'boolean', columns)).toBe('NULL');
    expect(where('duckdb', match('zz', { kind: 'null' }), 'boolean', columns)).toBe('TRUE');
    expect(where('duckdb', { kind: 'exists', field: 'zz' }, 'boolean', columns)).toBe('FALSE');
    expect(where('duckdb', not(match('zz', str('equals', 'x'))), 'boolean', columns)).toBe(
      'NOT COALESCE(NULL, FALSE)',
    );
  });

  it('column names are exact: case and dots matter', () => {
    expect(where('duckdb', match('A', str('equals', 'x', true)), 'boolean', columns)).toBe('NULL');
  });

  it('keyword searches every column', () => {
    expect(where('postgres', { kind: 'keyword', matcher: str('contains', 'Mimi') }, 'boolean', columns)).toBe(
      `(lower("a") LIKE '%mimi%' ESCAPE '\\' OR lower("b") LIKE '%mimi%' ESCAPE '\\')`,
    );
    expect(
      where('postgres', { kind: 'keyword', matcher: str('contains', 'x') }, 'boolean', { columns: [] }),
    ).toBe('FALSE');
  });

  it('identifiers are quoted, a dotted table name is schema-qualified', () => {
    expect(render('duckdb', match('we"ird', str('equals', 'x', true)), { table: 'logs.events' })).toBe(
      `SELECT * FROM "logs"."events" WHERE "we""ird" = 'x'`,
    );
  });
});

describe('aggregations', () => {
  const failed = match('EventID', str('equals', '4625', true));
  const time = { timeColumns: ['ts'] };

  it('threshold: GROUP BY group fields and epoch-aligned windows, HAVING count and cardinality', () => {
    const sql = render('duckdb', failed, {
      aggregation: {
        kind: 'threshold',
        groupBy: ['host'],
        value: 5,
        cardinality: [{ field: 'user', value: 2 }],
        windowMs: 300000,
      },
      options: time,
    });
    expect(sql).toMatch(
      /^SELECT "host" AS "host", FLOOR\(EXTRACT\(EPOCH FROM CASE WHEN .* END\) \* 1000 \/ 300000\) \* 300000 AS "window_start_ms", count\(\*\) AS "event_count", count\(DISTINCT "user.name"\) AS "distinct_count.user.name" FROM "events" WHERE "EventID" = '4625' AND .* IS NOT NULL AND "host" IS NOT NULL GROUP BY 1, 2 HAVING count\(\*\) >= 5 AND count\(DISTINCT "user.name"\) >= 2 ORDER BY 2, 1$/,
    );
  });

  it('threshold needs a time column', () => {
    expect(() =>
      render('duckdb', failed, {
        aggregation: { kind: 'threshold', groupBy: [], value: 5, windowMs: 300000 },
      }),
    ).toThrow(UnsupportedConstruct);
  });

  it('new_terms: anti-join on earlier matching events within the history window', () => {
    const sql = render('postgres', failed, {
      aggregation: { kind: 'new_terms', fields: ['user'], historyWindowMs: 86400000 },
      options: { ...time, orderColumn: '_row' },
    });
    expect(sql).toMatch(
      /^SELECT "new_event"\.\* FROM "events" AS "new_event" WHERE "EventID" = '4625' AND "new_event"\."user\.name" IS NOT NULL AND .* AND NOT EXISTS \(SELECT 1 FROM "events" AS "history" WHERE "EventID" = '4625' AND "history"\."user\.name" = "new_event"\."user\.name" AND "history"\."_row" < "new_event"\."_row" AND .* >= .* - 86400000\)$/,
    );
  });

  it('correlations and sequences are refused', () => {
    const correlation: Aggregation = {
      kind: 'correlation',
      type: 'event_count',
      rules: ['a'],
      groupBy: [],
      timespanMs: 1000,
      condition: { criteria: [{ op: 'gte', value: 2 }] },
      aliases: {},
      generate: false,
    };
    expect(() => render('duckdb', failed, { aggregation: correlation, options: time })).toThrow(
      UnsupportedConstruct,
    );
    const sequence: Aggregation = { kind: 'sequence', by: [], steps: [] };
    expect(() => render('postgres', failed, { aggregation: sequence, options: time })).toThrow(
      UnsupportedConstruct,
    );
  });
});

it('backend names', () => {
  expect(sqlBackend('duckdb').name).toBe('sql-duckdb');
  expect(sqlBackend('sqlite').name).toBe('sql-sqlite');
  expect(sqlBackend('postgres').name).toBe('sql-postgres');
});
