// EQL backend: `<category> where …` event queries and `sequence … [ … ]` from SequenceAggregation.
import { and, type Expr, or, TRUE } from '../../ir/expr.js';
import type { SequenceAggregation, SequenceStep } from '../../ir/rule.js';
import { renameFields } from '../../taxonomy/map-rule.js';
import { type Backend, type TargetRule, UnsupportedConstruct } from '../target.js';
import { splitCategory } from './eql-category.js';
import { eqlCondition } from './eql-condition.js';
import { eqlDuration, eqlField } from './eql-syntax.js';
import { type ElasticFieldOptions, FieldInfo } from './field-info.js';
import { guardMissingFields } from './null-guard.js';

export function createEqlBackend(options: ElasticFieldOptions = {}): Backend {
  const fields = new FieldInfo(options);
  return { name: 'eql', render: (target) => renderEql(target, fields) };
}

export const eqlBackend: Backend = createEqlBackend();

/** The EQL query of a rule: an event query, or a sequence; throws UnsupportedConstruct. */
export function renderEql(target: TargetRule, fields: FieldInfo): string {
  const aggregation = target.rule.aggregation;
  if (aggregation?.kind === 'sequence') return sequenceQuery(aggregation, target, fields);
  if (aggregation)
    throw new UnsupportedConstruct(`${aggregation.kind} aggregation`, 'EQL expresses sequences only');
  return eventQuery(target.detection, target, fields);
}

function eventQuery(expr: Expr, target: TargetRule, fields: FieldInfo): string {
  const { category, rest } = splitCategory(expr);
  return `${category} where ${eqlCondition(guardMissingFields(rest, target.rule.logic), fields)}`;
}

/** Step conditions are in the rule's own field names; each also carries the conditions shared by all steps. */
function sequenceQuery(sequence: SequenceAggregation, target: TargetRule, fields: FieldInfo): string {
  const keys = (names: string[]) => names.map((name) => eqlField(target.mapField(name))).join(', ');
  const steps = [...sequence.steps, ...(sequence.until ? [sequence.until] : [])];
  const mapped = new Map(steps.map((s) => [s, renameFields(s.expr, (field) => [target.mapField(field)])]));
  const shared = sharedCondition(target.detection, or([...mapped.values()]));
  const step = (s: SequenceStep) => {
    const expr = and([mapped.get(s)!, shared]);
    const by = s.by.length ? ` by ${keys(s.by)}` : '';
    const runs = s.runs === undefined ? '' : ` with runs=${s.runs}`;
    return `${s.missing ? '!' : ''}[${eventQuery(expr, target, fields)}]${by}${runs}`;
  };
  const by = sequence.by.length ? ` by ${keys(sequence.by)}` : '';
  const maxspan = sequence.maxspanMs === undefined ? '' : ` with maxspan=${eqlDuration(sequence.maxspanMs)}`;
  const lines = [`sequence${by}${maxspan}`, ...sequence.steps.map((s) => `  ${step(s)}`)];
  if (sequence.until) lines.push(`until ${step(sequence.until)}`);
  return lines.join('\n');
}

/**
 * A sequence rule's detection is the union of its steps (what a single event must match to take part), plus
 * whatever a pipeline added (logsource conditions). Only the added part applies to every step.
 */
function sharedCondition(detection: Expr, stepUnion: Expr): Expr {
  const union = JSON.stringify(stepUnion);
  if (JSON.stringify(detection) === union) return TRUE;
  if (detection.kind !== 'and') return detection;
  return and(detection.children.filter((child) => JSON.stringify(child) !== union));
}
