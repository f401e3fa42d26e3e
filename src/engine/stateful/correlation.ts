// Sigma correlation rules: event_count, value_count, temporal(_ordered), value_sum/avg/percentile per group.

import type { EventRecord } from '../../io/read-events.js';
import type { CorrelationAggregation, CorrelationCriterion } from '../../ir/rule.js';
import { valueText } from '../match-value.js';
import { groupKeys } from './group-key.js';
import type { StatefulAlert, StatefulInput } from './stateful-rule.js';

/** One input to a correlation: an event matched by one of its referenced rules (by id or name). */
export interface CorrelationInput extends StatefulInput {
  /** The referenced rule's id and name, to resolve aliases and temporal order. */
  ruleRefs: string[];
}

interface Window {
  start: number;
  events: EventRecord[];
  values: string[];
  rulesSeen: number[];
  alerted: boolean;
  group: Record<string, string>;
}

const MAX_EVENTS_KEPT = 100;

function holds(criteria: readonly CorrelationCriterion[], n: number): boolean {
  return criteria.every(({ op, value }) =>
    op === 'gt'
      ? n > value
      : op === 'gte'
        ? n >= value
        : op === 'lt'
          ? n < value
          : op === 'lte'
            ? n <= value
            : op === 'eq'
              ? n === value
              : n !== value,
  );
}

/** Whether a condition can only become true as more events arrive (so it may alert before the window closes). */
function monotonic(criteria: readonly CorrelationCriterion[]): boolean {
  return criteria.every((c) => c.op === 'gt' || c.op === 'gte');
}

/**
 * Semantics: per group (group-by values, field aliases resolved per referenced rule), a window opens at the
 * group's first event and lasts `timespan`. The measured value is: event_count — events; value_count — distinct
 * values of the condition field; temporal — distinct referenced rules seen (default: all of them);
 * temporal_ordered — like temporal, but the rules must first appear in the listed order; value_sum / value_avg —
 * sum / mean of the numeric field; value_percentile — for each value of the field, its share (%) of the group's
 * events, the condition then selects rare (or common) values. Conditions that can only grow (gt, gte) alert as
 * soon as they hold; the others are decided when the window closes (by a later event or the end of input).
 */
export class CorrelationRule {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly spec: CorrelationAggregation) {}

  private fieldFor(name: string, input: CorrelationInput): string {
    const alias = this.spec.aliases[name];
    const ruleField = alias ? input.ruleRefs.map((r) => alias[r]).find((f) => f !== undefined) : undefined;
    return input.field(ruleField ?? name);
  }

  private ruleIndex(input: CorrelationInput): number {
    return this.spec.rules.findIndex((r) => input.ruleRefs.includes(r));
  }

  private measure(w: Window): number[] {
    const criteria = this.spec.condition?.criteria;
    switch (this.spec.type) {
      case 'event_count':
        return [w.values.length];
      case 'value_count':
        return [new Set(w.values).size];
      case 'temporal':
      case 'temporal_ordered':
        return [criteria ? w.rulesSeen.length : w.rulesSeen.length === this.spec.rules.length ? 1 : 0];
      case 'value_sum':
      case 'value_avg': {
        const numbers = w.values.map(Number).filter((n) => !Number.isNaN(n));
        const sum = numbers.reduce((a, b) => a + b, 0);
        return [this.spec.type === 'value_sum' ? sum : numbers.length ? sum / numbers.length : Number.NaN];
      }
      case 'value_percentile': {
        const counts = new Map<string, number>();
        for (const v of w.values) counts.set(v, (counts.get(v) ?? 0) + 1);
        return [...counts.values()].map((c) => (c / w.values.length) * 100);
      }
    }
  }

  private satisfied(w: Window): boolean {
    const criteria = this.spec.condition?.criteria ?? [{ op: 'gte', value: 1 }];
    return this.measure(w).some((n) => holds(criteria, n));
  }

  private alert(w: Window): StatefulAlert {
    w.alerted = true;
    return { record: w.events[w.events.length - 1]!, events: [...w.events], group: w.group };
  }

  onEvent(input: CorrelationInput): StatefulAlert[] {
    const alerts: StatefulAlert[] = [];
    const index = this.ruleIndex(input);
    const groups = groupKeys(
      input.view,
      this.spec.groupBy.map((g) => this.fieldFor(g, input)),
    );
    for (const { key, values } of groups) {
      let w = this.windows.get(key);
      if (w && input.time - w.start > this.spec.timespanMs) {
        if (!w.alerted && this.satisfied(w)) alerts.push(this.alert(w));
        w = undefined;
      }
      if (!w) {
        w = {
          start: input.time,
          events: [],
          values: [],
          rulesSeen: [],
          alerted: false,
          group: Object.fromEntries(this.spec.groupBy.map((g, i) => [g, values[i]!])),
        };
        this.windows.set(key, w);
      }
      this.add(w, input, index);
      const eager =
        monotonic(this.spec.condition?.criteria ?? []) &&
        this.spec.type !== 'value_avg' &&
        this.spec.type !== 'value_percentile';
      if (!w.alerted && eager && this.satisfied(w)) alerts.push(this.alert(w));
    }
    return alerts;
  }

  private add(w: Window, input: CorrelationInput, index: number): void {
    if (w.events.length < MAX_EVENTS_KEPT) w.events.push(input.record);
    else w.events[w.events.length - 1] = input.record;
    if (this.spec.type === 'event_count') w.values.push('');
    const field = this.spec.condition?.field;
    if (field)
      for (const v of input.view.values(this.fieldFor(field, input))) {
        const text = valueText(v);
        if (text !== undefined) w.values.push(text);
      }
    if (index < 0 || w.rulesSeen.includes(index)) return;
    if (this.spec.type === 'temporal_ordered' && index !== w.rulesSeen.length) return;
    w.rulesSeen.push(index);
  }

  finish(): StatefulAlert[] {
    const alerts = [...this.windows.values()]
      .filter((w) => !w.alerted && this.satisfied(w))
      .map((w) => this.alert(w));
    this.windows.clear();
    return alerts;
  }

  evict(watermark: number): StatefulAlert[] {
    const alerts: StatefulAlert[] = [];
    for (const [key, w] of this.windows) {
      if (watermark - w.start <= this.spec.timespanMs) continue;
      if (!w.alerted && this.satisfied(w)) alerts.push(this.alert(w));
      this.windows.delete(key);
    }
    return alerts;
  }
}
