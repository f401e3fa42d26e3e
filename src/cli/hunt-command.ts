// `dragnet hunt`: load rules, stream events, print alerts and a summary.
import type { Command } from 'commander';
import { huntInDatabase } from '../engine/database-hunt.js';
import { type HuntSummary, hunt } from '../engine/hunt.js';
import { huntSchemas } from '../engine/hunt-pipelines.js';
import type { SkippedRules } from '../engine/match-stream.js';
import { parallelMatchBatches } from '../engine/parallel/parallel-match.js';
import { defaultPlanCacheDir } from '../engine/prefilter/plan-cache.js';
import type { SchemaCost } from '../engine/rule-costs.js';
import { type AlertFormat, alertWriter } from '../io/output/alert-writer.js';
import { readEvents } from '../io/read-events.js';
import type { LoadResult } from '../ir/rule.js';
import { limitHeapGrowth } from '../util/heap-growth.js';
import { defaultThreads } from './default-threads.js';
import { Output, progress } from './output.js';
import { printLocated } from './report-errors.js';
import { checkReportTarget, writeRuleCosts } from './rule-costs-report.js';
import { addRuleLoadingOptions, loadCommandRules, type RuleLoadingFlags } from './rule-loading.js';

interface HuntFlags extends RuleLoadingFlags {
  rules: string[];
  events?: string[];
  format: AlertFormat;
  pipeline: string;
  baseline?: string[];
  progress: boolean;
  engine: 'native' | 'duckdb' | 'postgres';
  threads?: string;
  schema: string;
  unordered?: boolean;
  /** Folder of kept schema plans, or false (`--no-plan-cache`). */
  planCache: string | false;
  connect?: string;
  table: string;
  /** Where to write what each rule cost (see `writeRuleCosts`). */
  ruleStats?: string;
}

/** `--engine duckdb|postgres`: push the rules down as SQL; same alert output, summary on stderr. */
async function runDatabaseHunt(flags: HuntFlags, loaded: LoadResult, loadSeconds: number): Promise<number> {
  if (flags.engine === 'postgres' && !flags.connect)
    throw new Error('--engine postgres needs --connect postgres://…');
  if (!flags.connect && !flags.events?.length)
    throw new Error('--engine duckdb needs --events, or --connect with a database holding the events');
  const out = new Output();
  const writer = alertWriter(flags.format, out.write);
  let rejected = 0;
  const started = performance.now();
  const result = await huntInDatabase({
    engine: flags.engine as 'duckdb' | 'postgres',
    table: flags.table,
    rules: loaded.rules,
    ...(flags.connect ? { connect: flags.connect } : {}),
    ...(flags.events?.length ? { files: flags.events } : {}),
    ...(flags.pipeline !== 'auto' ? { pipeline: flags.pipeline } : {}),
    onAlert: (alert) => writer.write(alert),
    onRejected: (r) => {
      rejected++;
      process.stderr.write(`rejected event: ${r.file}:${r.line}: ${r.message}\n`);
    },
  });
  writer.end();
  await out.flush();
  const reasons = new Map<string, number>();
  for (const { reason } of result.skipped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const lines = [
    `engine: ${flags.engine}, table: ${flags.table}`,
    `rules loaded: ${loaded.rules.length}, failed: ${loaded.errors.length}`,
    `alerts: ${result.alerts}`,
  ];
  for (const [reason, n] of reasons) lines.push(`  ${n} rules not run in the database: ${reason}`);
  lines.push(timesLine({ loadSeconds, huntSeconds: (performance.now() - started) / 1000 }));
  const summaryOut = flags.format === 'table' ? out.write : (text: string) => process.stderr.write(text);
  summaryOut(`\n${lines.join('\n')}\n`);
  await out.flush();
  return loaded.errors.length || rejected ? 1 : 0;
}

/** Seconds spent loading the rules and hunting, for the summary. */
interface HuntTimes {
  loadSeconds: number;
  huntSeconds: number;
}

/** The summary's time line; with the events read (native hunts), their rate. */
function timesLine({ loadSeconds, huntSeconds }: HuntTimes, events?: number): string {
  const loading = `time: loading rules ${loadSeconds.toFixed(1)} s`;
  if (events === undefined) return `${loading}, hunting in the database ${huntSeconds.toFixed(1)} s`;
  const rate = Math.round(events / Math.max(huntSeconds, 1e-3)).toLocaleString('en-US');
  return `${loading}, compiling and hunting ${huntSeconds.toFixed(1)} s (${rate} events/s)`;
}

function printSummary(
  summary: HuntSummary,
  loaded: LoadResult,
  times: HuntTimes,
  write: (text: string) => void,
): void {
  const lines = [
    `events read: ${summary.eventsRead}` +
      (summary.eventsRejected ? `, rejected: ${summary.eventsRejected}` : ''),
    `rules loaded: ${loaded.rules.length}, failed: ${loaded.errors.length}`,
    `alerts: ${summary.alerts}`,
  ];
  const counts = [...summary.alertsByRule].sort((a, b) => b[1] - a[1]);
  for (const [index, count] of counts)
    lines.push(`  ${String(count).padStart(6)}  ${loaded.rules[index]!.meta.title}`);
  for (const [schema, count] of summary.eventsBySchema) {
    lines.push(`schema ${schema}: ${count} events`);
    for (const [reason, rules] of summary.skippedBySchema.get(schema) ?? [])
      lines.push(`  ${rules} rules not run: ${reason}`);
  }
  for (const problem of summary.statefulProblems) lines.push(`stateful rules: ${problem}`);
  lines.push(timesLine(times, summary.eventsRead));
  const notEvaluable = loaded.rules.filter((r) => r.notEvaluable.length);
  if (notEvaluable.length)
    lines.push(
      `rules not evaluable natively: ${notEvaluable.length} (e.g. ${notEvaluable[0]!.notEvaluable[0]})`,
    );
  write(`\n${lines.join('\n')}\n`);
  for (const r of summary.rejected)
    process.stderr.write(`rejected event: ${r.file}:${r.line}: ${r.message}\n`);
  if (summary.eventsRejected > summary.rejected.length)
    process.stderr.write(`rejected event: … and ${summary.eventsRejected - summary.rejected.length} more\n`);
}

export async function runHunt(flags: HuntFlags): Promise<number> {
  const started = performance.now();
  const loaded = await loadCommandRules(flags.rules, flags);
  const loadSeconds = (performance.now() - started) / 1000;
  printLocated('rule error', loaded.errors);
  printLocated('rule warning', loaded.warnings);
  if (flags.engine !== 'native') {
    if (flags.ruleStats) throw new Error('--rule-stats needs --engine native');
    return runDatabaseHunt(flags, loaded, loadSeconds);
  }
  if (!flags.events?.length)
    throw new Error('--events is required (except with --engine duckdb|postgres and --connect)');
  if (flags.ruleStats) await checkReportTarget(flags.ruleStats); // before the progress bar starts
  const schemas = huntSchemas(flags.pipeline);
  const out = new Output();
  const writer = alertWriter(flags.format, out.write);
  const bar = progress(flags.progress);
  const threads = flags.threads === undefined ? await defaultThreads(flags.events) : Number(flags.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads must be a positive integer');
  limitHeapGrowth(threads);
  const skipped: SkippedRules = new Map();
  const ruleCosts: SchemaCost[] | undefined = flags.ruleStats ? [] : undefined;
  const huntStarted = performance.now();
  const summary = await hunt({
    rules: loaded.rules,
    schemas,
    matches: parallelMatchBatches({
      rules: loaded.rules,
      pipeline: flags.pipeline,
      eventPaths: flags.events,
      threads,
      unordered: flags.unordered === true,
      skipped,
      ...(ruleCosts ? { ruleCosts } : {}),
      ...(flags.planCache ? { planCache: flags.planCache } : {}),
    }),
    ...(flags.baseline ? { baseline: readEvents(flags.baseline) } : {}),
    onAlert: (alert) => writer.write(alert),
    onEvent: (s) => {
      if (s.eventsRead % 1024 === 0) {
        bar.update(s.eventsRead, s.alerts);
        return out.flush();
      }
    },
  });
  bar.stop();
  summary.skippedBySchema = skipped;
  writer.end();
  await out.flush();
  const summaryOut = flags.format === 'table' ? out.write : (text: string) => process.stderr.write(text);
  const huntSeconds = (performance.now() - huntStarted) / 1000;
  printSummary(summary, loaded, { loadSeconds, huntSeconds }, summaryOut);
  await out.flush();
  if (ruleCosts && flags.ruleStats) await writeRuleCosts(ruleCosts, loaded.rules, flags.ruleStats);
  return loaded.errors.length || summary.eventsRejected ? 1 : 0;
}

export function registerHunt(program: Command): void {
  const command = program
    .command('hunt')
    .description('Evaluate rules over events and report alerts')
    .requiredOption('-r, --rules <paths...>', 'rule files or folders (Sigma .yml, Elastic .toml)')
    .option(
      '-e, --events <paths...>',
      "event files or folders (.json, .jsonl, .gz, .evtx), '-' for stdin (not needed with --engine duckdb|postgres --connect)",
    )
    .option('-f, --format <format>', 'output: table, jsonl, json or csv', 'table')
    .option(
      '--schema <schema>',
      'event schema: auto (detected per event), sysmon, windows-evtx or ecs',
      'auto',
    )
    .option(
      '-p, --pipeline <name|file>',
      'event schema mapping: auto, sysmon, windows-evtx, ecs, or a pipeline file',
      'auto',
    )
    .option(
      '--baseline <paths...>',
      'events that only build new_terms history (read first, never alerted on)',
    )
    .option(
      '--engine <engine>',
      'native, or duckdb/postgres: run the rules as SQL inside the database',
      'native',
    )
    .option(
      '--connect <url|file>',
      'postgres://… URL, or a DuckDB database file (default: in-memory, loaded from --events)',
    )
    .option('--table <name>', 'events table for --engine duckdb|postgres', 'events')
    .option(
      '-j, --threads <n>',
      'threads matching events, this one and n − 1 workers (default: one per 128 MiB of input, up to the cores)',
    )
    .option(
      '--unordered',
      'print alerts as soon as found instead of in input order (faster with many threads)',
    )
    .option(
      '--plan-cache <dir>',
      'folder where compiled rule prefilters are kept, so later hunts with the same rules start sooner',
      defaultPlanCacheDir(),
    )
    .option('--no-plan-cache', 'compile the rules afresh, and keep nothing')
    .option(
      '--rule-stats <file>',
      "write what each rule cost: evaluations, matches, time (.csv, .json or .jsonl by the name, else a table; '-': stderr)",
    )
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      '\nExit code: 0 when the run was clean, 1 when rules failed to load or events were rejected, 2 on usage errors.',
    );
  addRuleLoadingOptions(command).action(async (flags: HuntFlags) => {
    if (!['table', 'jsonl', 'json', 'csv'].includes(flags.format))
      throw new Error(`unknown format '${flags.format}'`);
    if (!['native', 'duckdb', 'postgres'].includes(flags.engine))
      throw new Error(`unknown engine '${flags.engine}'`);
    if (!['auto', 'sysmon', 'windows-evtx', 'ecs'].includes(flags.schema))
      throw new Error(`unknown schema '${flags.schema}'`);
    if (flags.schema !== 'auto') {
      if (flags.pipeline !== 'auto') throw new Error('give --schema or --pipeline, not both');
      flags.pipeline = flags.schema;
    }
    process.exitCode = await runHunt(flags);
  });
}
