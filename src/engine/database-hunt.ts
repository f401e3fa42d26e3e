// `hunt --engine duckdb|postgres`: rules converted to SQL and pushed down; alerts shaped like the native hunt's.
import type { TargetRule } from '../backends/target.js';
import { type RejectedEvent, readEvents } from '../io/read-events.js';
import type { Rule } from '../ir/rule.js';
import { mapRule } from '../taxonomy/map-rule.js';
import { loadPipeline, type Pipeline } from '../taxonomy/pipeline.js';
import type { Alert } from './hunt.js';
import { loadEventsIntoPostgres } from './postgres-load.js';
import { runSqlHunt } from './sql/hunt.js';

export interface DatabaseHuntOptions {
  engine: 'duckdb' | 'postgres';
  connect?: string;
  table: string;
  /** Event files loaded into the table first (replacing it); alerts then carry the original events, as in a native hunt. */
  files?: string[];
  rules: readonly Rule[];
  /** Pipeline for Sigma rules (default `sql`: columns named like flat Sysmon fields). ECS rules use ecs-native. */
  pipeline?: string;
  onAlert: (alert: Alert) => void;
  onRejected?: (rejected: RejectedEvent) => void;
}

export interface DatabaseHuntResult {
  alerts: number;
  /** Rules that did not run in the database, with the reason. */
  skipped: { rule: Rule; reason: string }[];
}

interface Hit {
  ruleIndex: number;
  row: Record<string, unknown>;
  file?: string;
  line?: number;
}

function targetsFor(
  rules: readonly Rule[],
  pipelines: Record<string, Pipeline>,
  skipped: DatabaseHuntResult['skipped'],
) {
  const targets: TargetRule[] = [];
  const ruleIndexes: number[] = [];
  rules.forEach((rule, index) => {
    if (rule.notEvaluable.length || !rule.detection) {
      skipped.push({ rule, reason: rule.notEvaluable.join('; ') || 'no per-event condition' });
      return;
    }
    try {
      const mapped = mapRule(rule, pipelines[rule.taxonomy]!);
      targets.push({ rule, detection: mapped.detection, sources: mapped.sources, mapField: mapped.mapField });
      ruleIndexes.push(index);
    } catch (error) {
      skipped.push({ rule, reason: (error as Error).message });
    }
  });
  return { targets, ruleIndexes };
}

/** Re-reads the event files and yields the original event of every hit, in input order. */
async function* originalEvents(
  files: string[],
  hits: Hit[],
): AsyncGenerator<{ hit: Hit; event: Record<string, unknown> }> {
  const byPlace = new Map<string, Hit[]>();
  for (const hit of hits) {
    const key = `${hit.file}\n${hit.line}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), hit]);
  }
  for await (const item of readEvents(files)) {
    if (!('record' in item)) continue;
    const found = byPlace.get(`${item.record.file}\n${item.record.line}`);
    for (const hit of (found ?? []).sort((a, b) => a.ruleIndex - b.ruleIndex))
      yield { hit, event: item.record.event };
  }
}

export async function huntInDatabase(opts: DatabaseHuntOptions): Promise<DatabaseHuntResult> {
  const pipelines = { sigma: loadPipeline(opts.pipeline ?? 'sql'), ecs: loadPipeline('ecs-native') };
  const skipped: DatabaseHuntResult['skipped'] = [];
  const { targets, ruleIndexes } = targetsFor(opts.rules, pipelines, skipped);
  const hits: Hit[] = [];
  if (opts.engine === 'postgres' && opts.files?.length) {
    if (!opts.connect) throw new Error('--engine postgres needs --connect postgres://…');
    await loadEventsIntoPostgres(opts.connect, opts.table, opts.files, opts.onRejected ?? (() => {}));
  }
  await runSqlHunt({
    engine: opts.engine,
    ...(opts.connect ? { connect: opts.connect } : {}),
    table: opts.table,
    targets,
    ...(opts.files && opts.engine === 'duckdb' ? { files: opts.files } : {}),
    onAlert: (i, row, origin) => hits.push({ ruleIndex: ruleIndexes[i]!, row, ...origin }),
    onError: (i, message) => skipped.push({ rule: targets[i]!.rule, reason: message }),
    ...(opts.onRejected ? { onRejected: opts.onRejected } : {}),
  });
  const alert = (hit: Hit, event: Record<string, unknown>): Alert => ({
    rule: opts.rules[hit.ruleIndex]!,
    ruleIndex: hit.ruleIndex,
    event,
    file: hit.file ?? opts.table,
    line: hit.line ?? 0,
    schema: opts.engine,
  });
  if (opts.files?.length && hits.every((h) => h.file !== undefined)) {
    for await (const { hit, event } of originalEvents(opts.files, hits)) opts.onAlert(alert(hit, event));
  } else for (const hit of hits) opts.onAlert(alert(hit, hit.row));
  return { alerts: hits.length, skipped };
}
