// Runs a rule set over an event stream: per-event matching, stateful rules, alerts and a run summary.
import type { Rule } from '../ir/rule.js';
import type { EventItem, EventRecord, RejectedEvent } from '../io/read-events.js';
import type { JsonObject } from './event-view.js';
import { type MatchItem, matchEvents, type SkippedRules } from './match-stream.js';
import type { EventSchema } from './schemas.js';

export interface Alert {
  rule: Rule;
  ruleIndex: number;
  event: JsonObject;
  file: string;
  line: number;
  schema: string;
  /** For stateful rules: the events that made the alert (the last one is `event`). */
  events?: EventRecord[];
}

export interface HuntSummary {
  eventsRead: number;
  eventsRejected: number;
  /** The first rejected events with reasons (all are counted). */
  rejected: RejectedEvent[];
  alerts: number;
  alertsByRule: Map<number, number>;
  eventsBySchema: Map<string, number>;
  /** Per schema seen: reason → number of rules that did not run on it. */
  skippedBySchema: SkippedRules;
}

export interface HuntOptions {
  rules: readonly Rule[];
  schemas: readonly EventSchema[];
  /** Events to read on this thread; or `matches`, an already matched stream (e.g. from worker threads). */
  events?: AsyncIterable<EventItem>;
  matches?: AsyncIterable<MatchItem>;
  onAlert: (alert: Alert) => void;
  /** Called after each event, for progress display. */
  onEvent?: (summary: HuntSummary) => void | Promise<void>;
  maxRejectedKept?: number;
}

export function emptySummary(): HuntSummary {
  return {
    eventsRead: 0,
    eventsRejected: 0,
    rejected: [],
    alerts: 0,
    alertsByRule: new Map(),
    eventsBySchema: new Map(),
    skippedBySchema: new Map(),
  };
}

export async function hunt(options: HuntOptions): Promise<HuntSummary> {
  const summary = emptySummary();
  const keep = options.maxRejectedKept ?? 100;
  const emit = (alert: Alert) => {
    summary.alerts++;
    summary.alertsByRule.set(alert.ruleIndex, (summary.alertsByRule.get(alert.ruleIndex) ?? 0) + 1);
    options.onAlert(alert);
  };
  if (!options.matches && !options.events) throw new Error('hunt needs events or matches');
  const stream = options.matches ?? matchEvents(options.rules, options.schemas, options.events!, summary.skippedBySchema);
  for await (const item of stream) {
    if ('rejected' in item) {
      summary.eventsRejected++;
      if (summary.rejected.length < keep) summary.rejected.push(item.rejected);
      continue;
    }
    const { record, schema, matches } = item.matched;
    summary.eventsRead++;
    summary.eventsBySchema.set(schema, (summary.eventsBySchema.get(schema) ?? 0) + 1);
    for (const index of matches) {
      const rule = options.rules[index]!;
      if (rule.aggregation) continue;
      emit({ rule, ruleIndex: index, event: record.event, file: record.file, line: record.line, schema });
    }
    const pending = options.onEvent?.(summary);
    if (pending) await pending;
  }
  return summary;
}
