// The conversion targets of `dragnet convert`: for each, its renderer and the pipeline per rule vocabulary.
import { createEqlBackend } from '../backends/elastic/eql.js';
import { createEsqlBackend } from '../backends/elastic/esql.js';
import { createKibanaNdjsonBackend } from '../backends/elastic/kibana-ndjson.js';
import { createKueryBackend } from '../backends/elastic/kuery.js';
import { createLuceneBackend } from '../backends/elastic/lucene.js';
import { createKustoBackend, type KustoOptions } from '../backends/kusto/kusto.js';
import { splunkBackend } from '../backends/splunk/splunk.js';
import { sqlBackend } from '../backends/sql/backend.js';
import type { Backend } from '../backends/target.js';
import type { RuleLanguage, RuleTaxonomy } from '../ir/rule.js';
import type { Pipeline } from '../taxonomy/pipeline.js';

export interface Target {
  name: string;
  description: string;
  /** Built-in pipeline per rule vocabulary; a vocabulary without one is not convertible to this target. */
  pipelines: Partial<Record<RuleTaxonomy, string>>;
  /** Rules already written in this language are passed through unchanged (e.g. ES|QL rules to `esql`). */
  passthrough?: RuleLanguage;
  backend: (pipeline: Pipeline, options: TargetOptions) => Backend;
}

export interface TargetOptions {
  /** Elastic KQL/Lucene/EQL targets: refuse case-insensitive matches on case-sensitive fields, or keep the case. */
  caseInsensitive: 'refuse' | 'as-written';
}

const ELASTIC_PIPELINES = { sigma: 'ecs', ecs: 'ecs-native' } as const;

export const TARGETS: readonly Target[] = [
  {
    name: 'sentinel-asim',
    description: 'Microsoft Sentinel KQL over ASIM parsers (imProcessCreate, imNetworkSession, …)',
    pipelines: { sigma: 'sentinel-asim' },
    backend: (p) => createKustoBackend(p.options as KustoOptions),
  },
  {
    name: 'defender',
    description: 'Microsoft Defender XDR advanced hunting KQL (DeviceProcessEvents, …)',
    pipelines: { sigma: 'defender', ecs: 'defender-ecs' },
    backend: (p) => createKustoBackend(p.options as KustoOptions),
  },
  {
    name: 'sentinel-windows',
    description: 'Microsoft Sentinel KQL over the SecurityEvent table',
    pipelines: { sigma: 'sentinel-windows' },
    backend: (p) => createKustoBackend(p.options as KustoOptions),
  },
  {
    name: 'kuery',
    description: 'Kibana KQL on ECS fields',
    pipelines: ELASTIC_PIPELINES,
    passthrough: 'kuery',
    backend: (_p, o) => createKueryBackend({ caseInsensitive: o.caseInsensitive }),
  },
  {
    name: 'lucene',
    description: 'Lucene query string on ECS fields',
    pipelines: ELASTIC_PIPELINES,
    passthrough: 'lucene',
    backend: (_p, o) => createLuceneBackend({ caseInsensitive: o.caseInsensitive }),
  },
  {
    name: 'esql',
    description: 'Elasticsearch ES|QL on ECS fields',
    pipelines: ELASTIC_PIPELINES,
    passthrough: 'esql',
    backend: (_p, o) => createEsqlBackend({ caseInsensitive: o.caseInsensitive }),
  },
  {
    name: 'eql',
    description: 'Elasticsearch EQL on ECS fields',
    pipelines: ELASTIC_PIPELINES,
    passthrough: 'eql',
    backend: (_p, o) => createEqlBackend({ caseInsensitive: o.caseInsensitive }),
  },
  {
    name: 'kibana-ndjson',
    description: 'Kibana detection rule objects (rules API / saved-object import, one JSON per line)',
    pipelines: ELASTIC_PIPELINES,
    backend: (_p, o) => createKibanaNdjsonBackend({ caseInsensitive: o.caseInsensitive }),
  },
  {
    name: 'splunk',
    description: 'Splunk SPL over Windows/Sysmon events as the Splunk add-ons extract them',
    pipelines: { sigma: 'splunk-sysmon' },
    backend: () => splunkBackend,
  },
  ...(['duckdb', 'sqlite', 'postgres'] as const).map((dialect) => ({
    name: `sql-${dialect}`,
    description: `SQL (${dialect}) over a flat events table whose columns are the pipeline's field names`,
    pipelines: { sigma: 'sql' },
    backend: () => sqlBackend(dialect),
  })),
];

/** Finds a target; `sql` alone means `sql-duckdb`. */
export function findTarget(name: string): Target | undefined {
  const wanted = name === 'sql' ? 'sql-duckdb' : name;
  return TARGETS.find((t) => t.name === wanted);
}
