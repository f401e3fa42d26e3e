// `dragnet hunt --rule-stats`: what each rule cost the hunt, as a table, CSV, JSON or JSON lines.
import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { SchemaCost } from '../engine/rule-costs.js';
import { csvRow } from '../io/output/csv.js';
import type { Rule } from '../ir/rule.js';

/** One rule on one schema, as reported. */
interface RuleRow {
  id: string;
  title: string;
  source: string;
  schema: string;
  /** Events of the schema, and the share of them the rule was evaluated on. */
  schemaEvents: number;
  evaluations: number;
  evaluatedShare: number;
  matches: number;
  ms: number;
  microsPerEvaluation: number;
  noAtom: boolean;
}

const COLUMNS: (keyof RuleRow)[] = [
  'id',
  'title',
  'source',
  'schema',
  'schemaEvents',
  'evaluations',
  'evaluatedShare',
  'matches',
  'ms',
  'microsPerEvaluation',
  'noAtom',
];

/** Rows of every rule evaluated at least once, costliest first. */
function ruleRows(costs: readonly SchemaCost[], rules: readonly Rule[]): RuleRow[] {
  const rows = costs.flatMap((schema) =>
    schema.rules.map((cost): RuleRow => {
      const rule = rules[cost.rule]!;
      return {
        id: rule.meta.id,
        title: rule.meta.title,
        source: `${rule.source.file}:${rule.source.line}`,
        schema: schema.schema,
        schemaEvents: schema.events,
        evaluations: cost.evaluations,
        evaluatedShare: cost.evaluations / schema.events,
        matches: cost.matches,
        ms: cost.ms,
        microsPerEvaluation: (cost.ms * 1000) / cost.evaluations,
        noAtom: cost.noAtom,
      };
    }),
  );
  return rows.sort((a, b) => b.ms - a.ms || a.title.localeCompare(b.title));
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const micros = (ms: number, events: number) => ((ms * 1000) / Math.max(1, events)).toFixed(2);

function table(costs: readonly SchemaCost[], rows: readonly RuleRow[]): string {
  const lines = costs.map(
    (schema) =>
      `schema ${schema.schema}: ${schema.events} events; µs per event: finding candidates ${micros(schema.prefilterMs, schema.events)}, ` +
      `evaluating them ${micros(schema.evaluationMs, schema.events)}`,
  );
  lines.push(
    '(timer overhead included; "no atom": no literal for the prefilter, evaluated on every event of its log source)',
    '',
    `${'ms'.padStart(9)} ${'evaluated'.padStart(9)} ${'µs/eval'.padStart(8)} ${'matches'.padStart(7)}  schema  rule`,
  );
  for (const row of rows)
    lines.push(
      `${row.ms.toFixed(1).padStart(9)} ${percent(row.evaluatedShare).padStart(9)} ${row.microsPerEvaluation.toFixed(2).padStart(8)} ` +
        `${String(row.matches).padStart(7)}  ${row.schema.padEnd(6)}  ${row.title}${row.noAtom ? '  [no atom]' : ''}  (${row.source})`,
    );
  return `${lines.join('\n')}\n`;
}

/** The report in the format `target`'s extension names (.csv, .json, .jsonl; else a table). */
export function ruleCostsReport(
  costs: readonly SchemaCost[],
  rules: readonly Rule[],
  target: string,
): string {
  const rows = ruleRows(costs, rules);
  switch (extname(target).toLowerCase()) {
    case '.csv':
      return [COLUMNS, ...rows.map((row) => COLUMNS.map((column) => row[column]))]
        .map((cells) => `${csvRow(cells)}\n`)
        .join('');
    case '.json': {
      const schemas = costs.map(({ rules: _, ...schema }) => schema);
      return `${JSON.stringify({ schemas, rules: rows }, null, 2)}\n`;
    }
    case '.jsonl':
      return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    default:
      return table(costs, rows);
  }
}

/** Throws unless the report can be written to `target`: checked before a hunt, not after it. */
export async function checkReportTarget(target: string): Promise<void> {
  if (target === '-') return;
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`--rule-stats ${target}: not writable`);
    await access(dirname(target), constants.W_OK).catch(() => {
      throw new Error(`--rule-stats ${target}: no writable folder ${dirname(target)}`);
    });
  }
}

/** Writes the report to `target` ('-': a table on stderr). */
export async function writeRuleCosts(
  costs: readonly SchemaCost[],
  rules: readonly Rule[],
  target: string,
): Promise<void> {
  const report = ruleCostsReport(costs, rules, target === '-' ? '' : target);
  if (target === '-') process.stderr.write(report);
  else await writeFile(target, report);
}
