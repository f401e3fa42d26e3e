// The benchmark report: one markdown block with the machine, the results table and the targets.
import type { Machine } from './machine.js';
import type { Measurement } from './measure.js';
import type { EventSet } from './prepare.js';

export interface Row {
  run: string;
  rules?: number;
  threads: number;
  result: Measurement;
  /** The JSON.parse baseline measured just before this row, which its ratio is taken against. */
  baseline?: Measurement;
}

export interface Target {
  name: string;
  value: string;
  met: boolean;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);
const optional = (n: number | undefined, format: (n: number) => string) =>
  n === undefined ? '–' : format(n);

export function rate(row: Row): number {
  return perSecond(row.result);
}

function perSecond(measurement: Measurement): number {
  return measurement.events / measurement.seconds;
}

/** The row's events/s over its paired baseline's: what stays comparable while the machine's speed drifts. */
export function relativeRate(row: Row): number {
  return row.baseline ? rate(row) / perSecond(row.baseline) : Number.NaN;
}

export function report(
  machine: Machine,
  events: EventSet,
  seed: number,
  rows: readonly Row[],
  notes: readonly string[],
  targets: readonly Target[],
): string {
  const lines = [
    `## ${machine.date}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}`,
    '',
    `Event set: ${int(events.count)} events, ${int(events.bytes / 1e6)} MB, seed ${seed}, ${int(events.planted)} planted true positives.`,
    '',
    '| run | rules | threads | events/s | MB/s | × JSON.parse | peak RSS MB | at half input | matches | first result s | 2nd half events/s |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const ratio = row.baseline ? relativeRate(row) : 1;
    lines.push(
      `| ${row.run} | ${row.rules === undefined ? '–' : int(row.rules)} | ${row.threads} | ${int(rate(row))} | ${fixed(events.bytes / 1e6 / row.result.seconds, 1)} | ${fixed(ratio, 2)} | ${int(row.result.peakRssMb)} | ${optional(row.result.halfRssMb, int)} | ${row.rules === undefined ? '–' : int(row.result.matches)} | ${optional(row.result.firstSeconds, (n) => fixed(n, 2))} | ${optional(row.result.laterRate, int)} |`,
    );
  }
  lines.push('', ...notes.map((n) => `- ${n}`), '', '| target | measured | met |', '|---|---|---|');
  for (const t of targets) lines.push(`| ${t.name} | ${t.value} | ${t.met ? 'yes' : 'no'} |`);
  return `${lines.join('\n')}\n`;
}
