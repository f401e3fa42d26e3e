// Kusto (KQL) backend for Microsoft Sentinel and Defender: `Table | where …`, then any aggregation stages.
import { type Backend, type TargetRule, UnsupportedConstruct } from '../target.js';
import { aggregationStages } from './aggregation.js';
import { kustoCondition } from './condition.js';
import { kustoName, kustoSource } from './identifier.js';

export interface KustoOptions {
  /** Event time column for aggregations: `TimeGenerated` (Sentinel, the default) or `Timestamp` (Defender). */
  timeColumn?: string;
  /** Target columns known not to hold strings (e.g. `EventID` of SecurityEvent); string tests use `tostring()`. */
  nonStringColumns?: readonly string[];
}

export function createKustoBackend(options: KustoOptions = {}): Backend {
  return { name: 'kusto', render: (target) => renderKusto(target, options) };
}

export const kustoBackend: Backend = createKustoBackend();

/** The query: one line per stage; several tables are read with `union`. Throws UnsupportedConstruct. */
export function renderKusto(target: TargetRule, options: KustoOptions = {}): string {
  if (!target.sources.length)
    throw new UnsupportedConstruct('logsource', 'no Kusto table holds these events');
  const tables = target.sources.map(kustoSource);
  const stages = [tables.length === 1 ? tables[0]! : `union ${tables.join(', ')}`];
  const detection = target.detection;
  if (!(detection.kind === 'const' && detection.value)) {
    const ctx = { logic: target.rule.logic, nonStringColumns: new Set(options.nonStringColumns ?? []) };
    stages.push(`where ${kustoCondition(detection, ctx)}`);
  }
  const time = kustoName(options.timeColumn ?? 'TimeGenerated');
  stages.push(...aggregationStages(target.rule, { mapField: target.mapField, time }));
  return stages.join('\n| ');
}
