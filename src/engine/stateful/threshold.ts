// Elastic threshold: count (and distinct values) per group in time windows, one alert per group per window.

import type { EventRecord } from '../../io/read-events.js';
import type { ThresholdAggregation } from '../../ir/rule.js';
import { valueText } from '../match-value.js';
import { groupKeys } from './group-key.js';
import type { StatefulAlert, StatefulInput, StatefulRule } from './stateful-rule.js';

interface Bucket {
  count: number;
  distinct: Map<string, Set<string>>;
  events: EventRecord[];
  alerted: boolean;
}

/** Events kept per bucket to show with an alert. */
const MAX_EVENTS_KEPT = 100;

/**
 * Semantics: time is cut into windows of the rule's look-back (`from`, default 6 minutes) aligned on the epoch,
 * as Kibana's executions each search one look-back. Per window and group (the combination of `threshold.field`
 * values; events missing one belong to no group), an alert is raised once, by the event that brings the count to
 * `value` with every cardinality condition (distinct values ≥ its value) met.
 */
export class ThresholdRule implements StatefulRule {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly spec: ThresholdAggregation) {}

  onEvent(input: StatefulInput): StatefulAlert[] {
    const window = Math.floor(input.time / this.spec.windowMs);
    const alerts: StatefulAlert[] = [];
    for (const { key, values } of groupKeys(input.view, this.spec.groupBy.map(input.field))) {
      const id = `${window}|${key}`;
      let bucket = this.buckets.get(id);
      if (!bucket) {
        bucket = { count: 0, distinct: new Map(), events: [], alerted: false };
        this.buckets.set(id, bucket);
      }
      bucket.count++;
      if (bucket.events.length < MAX_EVENTS_KEPT) bucket.events.push(input.record);
      for (const c of this.spec.cardinality ?? []) {
        const set = bucket.distinct.get(c.field) ?? new Set();
        for (const v of input.view.values(input.field(c.field))) {
          const text = valueText(v);
          if (text !== undefined) set.add(text);
        }
        bucket.distinct.set(c.field, set);
      }
      const cardinalityMet = (this.spec.cardinality ?? []).every(
        (c) => (bucket!.distinct.get(c.field)?.size ?? 0) >= c.value,
      );
      if (!bucket.alerted && bucket.count >= this.spec.value && cardinalityMet) {
        bucket.alerted = true;
        alerts.push({
          record: input.record,
          events: [...bucket.events],
          group: Object.fromEntries(this.spec.groupBy.map((f, i) => [f, values[i]!])),
        });
      }
    }
    return alerts;
  }

  finish(): StatefulAlert[] {
    return [];
  }

  evict(watermark: number): void {
    const current = Math.floor(watermark / this.spec.windowMs);
    for (const id of this.buckets.keys())
      if (Number(id.slice(0, id.indexOf('|'))) < current - 1) this.buckets.delete(id);
  }
}
