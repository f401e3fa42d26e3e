// Stage two of a hunt for stateful rules: routes matched events to new_terms, threshold, sequence and correlation state.

import type { EventRecord } from '../../io/read-events.js';
import type { Rule } from '../../ir/rule.js';
import { eventTime } from '../event-time.js';
import { EventView } from '../event-view.js';
import { CorrelationRule } from './correlation.js';
import { NewTermsRule } from './new-terms.js';
import { SequenceRule } from './sequence.js';
import type { StatefulAlert, StatefulInput, StatefulRule } from './stateful-rule.js';
import { ThresholdRule } from './threshold.js';

export interface ProcessorEvent {
  record: EventRecord;
  view: EventView;
  /** Resolves a rule's field names to this event's schema, per rule. */
  fieldFor: (rule: Rule) => (name: string) => string;
}

function timeOf(rule: Rule, event: ProcessorEvent): number | undefined {
  return eventTime(event.view, rule.timestampField);
}

export type AlertSink = (ruleIndex: number, alert: StatefulAlert) => void;

/** Evicting state every so many events keeps memory flat on long streams. */
const EVICT_EVERY = 4096;

export class StatefulProcessor {
  private readonly perEvent = new Map<number, StatefulRule>();
  private readonly correlations = new Map<number, CorrelationRule>();
  /** rule index → correlations consuming its matches. */
  private readonly consumers = new Map<number, number[]>();
  /** Rules referenced by correlations (without `generate: true`): their own alerts are not reported. */
  readonly suppressed = new Set<number>();
  readonly problems: string[] = [];
  /** Events a stateful rule matched but could not place in time. */
  eventsWithoutTime = 0;
  private watermark = Number.NEGATIVE_INFINITY;
  private seen = 0;

  constructor(private readonly rules: readonly Rule[]) {
    rules.forEach((rule, index) => {
      const agg = rule.aggregation;
      if (!agg || rule.notEvaluable.length) return;
      if (agg.kind === 'new_terms') this.perEvent.set(index, new NewTermsRule(agg));
      else if (agg.kind === 'threshold') this.perEvent.set(index, new ThresholdRule(agg));
      else if (agg.kind === 'sequence') this.perEvent.set(index, new SequenceRule(agg));
      else this.linkCorrelation(index, rule);
    });
  }

  private linkCorrelation(index: number, rule: Rule): void {
    const agg = rule.aggregation;
    if (agg?.kind !== 'correlation') return;
    this.correlations.set(index, new CorrelationRule(agg));
    for (const ref of agg.rules) {
      const target = this.rules.findIndex((r) => r.meta.id === ref || r.meta.name === ref);
      if (target < 0) {
        this.problems.push(`correlation '${rule.meta.title}' references unknown rule '${ref}'`);
        continue;
      }
      this.consumers.set(target, [...(this.consumers.get(target) ?? []), index]);
      if (!agg.generate) this.suppressed.add(target);
    }
  }

  /** Whether the rule is handled here rather than alerting per event. */
  isStateful(index: number): boolean {
    return this.perEvent.has(index) || this.correlations.has(index);
  }

  /** Feeds baseline events: new_terms history only, no alerts. */
  prime(index: number, event: ProcessorEvent): void {
    const rule = this.rules[index]!;
    const evaluator = this.perEvent.get(index);
    const time = timeOf(rule, event);
    if (evaluator instanceof NewTermsRule && time !== undefined)
      evaluator.prime({ record: event.record, view: event.view, time, field: event.fieldFor(rule) });
  }

  /** A rule's per-event condition held for this event (or the rule alerted): update state, emit alerts. */
  onMatch(index: number, event: ProcessorEvent, sink: AlertSink): void {
    const rule = this.rules[index]!;
    const evaluator = this.perEvent.get(index);
    if (evaluator) {
      const time = timeOf(rule, event);
      if (time === undefined) {
        this.eventsWithoutTime++;
        return;
      }
      this.watermark = Math.max(this.watermark, time);
      const input: StatefulInput = {
        record: event.record,
        view: event.view,
        time,
        field: event.fieldFor(rule),
      };
      for (const alert of evaluator.onEvent(input)) this.emit(index, alert, event, sink);
    } else this.feedConsumers(index, event, sink);
  }

  /** Reports an alert of rule `index` and passes it on to correlations that consume it. */
  emit(index: number, alert: StatefulAlert, event: ProcessorEvent, sink: AlertSink): void {
    if (!this.suppressed.has(index)) sink(index, alert);
    if (this.consumers.has(index))
      this.feedConsumers(
        index,
        { ...event, record: alert.record, view: new EventView(alert.record.event) },
        sink,
      );
  }

  private feedConsumers(index: number, event: ProcessorEvent, sink: AlertSink): void {
    const rule = this.rules[index]!;
    for (const consumer of this.consumers.get(index) ?? []) {
      const time = timeOf(rule, event);
      if (time === undefined) {
        this.eventsWithoutTime++;
        continue;
      }
      this.watermark = Math.max(this.watermark, time);
      const refs = [rule.meta.id, ...(rule.meta.name ? [rule.meta.name] : [])];
      const input = {
        record: event.record,
        view: event.view,
        time,
        field: event.fieldFor(rule),
        ruleRefs: refs,
      };
      for (const alert of this.correlations.get(consumer)!.onEvent(input))
        this.emit(consumer, alert, event, sink);
    }
  }

  /** Called once per event: periodically drops expired state (closing correlation windows). */
  tick(event: ProcessorEvent, sink: AlertSink): void {
    if (++this.seen % EVICT_EVERY !== 0 || this.watermark === Number.NEGATIVE_INFINITY) return;
    for (const evaluator of this.perEvent.values()) evaluator.evict(this.watermark);
    for (const [index, correlation] of this.correlations)
      for (const alert of correlation.evict(this.watermark)) this.emit(index, alert, event, sink);
  }

  /** End of input: closes every open correlation window. */
  finish(sink: AlertSink, lastEvent: ProcessorEvent | undefined): void {
    for (const [index, correlation] of this.correlations) {
      for (const alert of correlation.finish()) {
        if (lastEvent) this.emit(index, alert, lastEvent, sink);
        else if (!this.suppressed.has(index)) sink(index, alert);
      }
    }
  }
}
