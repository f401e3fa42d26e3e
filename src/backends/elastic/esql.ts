// ES|QL backend: FROM the rule's index patterns | WHERE its detection, plus STATS for threshold and correlations.
import { type Backend, type TargetRule, UnsupportedConstruct } from '../target.js';
import { esqlCondition } from './esql-condition.js';
import { correlationCommands, thresholdCommands } from './esql-stats.js';
import { esqlIndexPattern } from './esql-syntax.js';
import { type ElasticFieldOptions, FieldInfo } from './field-info.js';
import { guardMissingFields } from './null-guard.js';

const DEFAULT_TIMESTAMP = '@timestamp';

export function createEsqlBackend(options: ElasticFieldOptions = {}): Backend {
  const fields = new FieldInfo(options);
  return { name: 'esql', render: (target) => renderEsql(target, fields) };
}

export const esqlBackend: Backend = createEsqlBackend();

function renderEsql(target: TargetRule, fields: FieldInfo): string {
  if (!target.sources.length)
    throw new UnsupportedConstruct('index', 'ES|QL needs an index pattern to read FROM');
  const commands = [`FROM ${target.sources.map(esqlIndexPattern).join(', ')}`];
  const detection = guardMissingFields(target.detection, target.rule.logic);
  if (!(detection.kind === 'const' && detection.value))
    commands.push(`WHERE ${esqlCondition(detection, fields)}`);
  commands.push(...aggregationCommands(target));
  return commands.join('\n| ');
}

function aggregationCommands(target: TargetRule): string[] {
  const aggregation = target.rule.aggregation;
  switch (aggregation?.kind) {
    case undefined:
      return [];
    case 'threshold':
      return thresholdCommands(aggregation, target.mapField);
    case 'correlation':
      return correlationCommands(
        aggregation,
        target.mapField,
        target.rule.timestampField ?? DEFAULT_TIMESTAMP,
      );
    case 'new_terms':
      throw new UnsupportedConstruct('new_terms aggregation', 'ES|QL cannot compare with a history window');
    case 'sequence':
      throw new UnsupportedConstruct('sequence aggregation', 'render sequences with the eql backend');
  }
}
