// Kibana detection rule backend: one rule object of the detection engine API, as an ndjson import line.
import type { RuleMeta } from '../../ir/rule.js';
import type { Backend, TargetRule } from '../target.js';
import { type ElasticFieldOptions, FieldInfo } from './field-info.js';
import { kibanaQuery } from './kibana-query.js';
import { schedule } from './kibana-schedule.js';
import { kibanaThreat, type TechniqueNames } from './kibana-threat.js';

/** Elastic's risk score for each severity, as its prebuilt rules use them. */
const RISK_SCORES = { low: 21, medium: 47, high: 73, critical: 99 } as const;
type Severity = keyof typeof RISK_SCORES;

export interface KibanaNdjsonOptions extends ElasticFieldOptions {
  /** Names of ATT&CK techniques; Kibana requires a name, and the id stands in when none is known. */
  techniqueName?: TechniqueNames;
}

export function createKibanaNdjsonBackend(options: KibanaNdjsonOptions = {}): Backend {
  const fields = new FieldInfo(options);
  const techniqueName = options.techniqueName ?? (() => undefined);
  return {
    name: 'kibana-ndjson',
    render: (target) => JSON.stringify(kibanaRule(target, fields, techniqueName)),
  };
}

export const kibanaNdjsonBackend: Backend = createKibanaNdjsonBackend();

function kibanaRule(
  target: TargetRule,
  fields: FieldInfo,
  techniqueName: TechniqueNames,
): Record<string, unknown> {
  const { rule } = target;
  const meta = rule.meta;
  const query = kibanaQuery(target, fields);
  const severity = severityOf(meta.level);
  const license = rule.extra.license;
  const version = rule.extra.version;
  return {
    rule_id: meta.id,
    name: meta.title,
    description: meta.description || meta.title,
    risk_score: meta.riskScore ?? RISK_SCORES[severity],
    severity,
    type: query.type,
    language: query.language,
    query: query.query,
    ...query.parameters,
    index: target.sources,
    ...schedule(rule.extra, query.lookbackMs),
    ...(rule.timestampField ? { timestamp_override: rule.timestampField } : {}),
    threat: kibanaThreat(meta.attack, techniqueName),
    tags: meta.tags,
    references: meta.references,
    false_positives: meta.falsepositives,
    author: authors(meta),
    ...(typeof license === 'string' ? { license } : {}),
    version: typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1,
    enabled: false,
  };
}

/** Kibana has no `informational`: it becomes `low`; a rule without a level is `medium`. */
function severityOf(level: string | undefined): Severity {
  if (level === 'informational') return 'low';
  return level !== undefined && level in RISK_SCORES ? (level as Severity) : 'medium';
}

/** Sigma writes several authors in one comma-separated string; Kibana wants a list. */
function authors(meta: RuleMeta): string[] {
  return (meta.author ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
