// Runs a rule set over an event stream: schema detection, per-rule matching, alerts and a run summary.
import type { Rule } from '../ir/rule.js';
import type { EventItem, RejectedEvent } from '../io/read-events.js';
import { EventView, type JsonObject } from './event-view.js';
import { RuleSet } from './rule-set.js';
import { detectSchema, type EventSchema } from './schemas.js';

export interface Alert {
  rule: Rule;
  ruleIndex: number;
  event: JsonObject;
  file: string;
  line: number;
  schema: string;
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
  skippedBySchema: Map<string, Map<string, number>>;
}

export interface HuntOptions {
  rules: readonly Rule[];
  events: AsyncIterable<EventItem>;
  schemas: readonly EventSchema[];
  onAlert: (alert: Alert) => void;
  /** Called after each event, for progress display. */
  onEvent?: (summary: HuntSummary) => void;
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
  const ruleSet = new RuleSet(options.rules);
  const summary = emptySummary();
  const keep = options.maxRejectedKept ?? 100;
  for await (const item of options.events) {
    if ('rejected' in item) {
      summary.eventsRejected++;
      if (summary.rejected.length < keep) summary.rejected.push(item.rejected);
      continue;
    }
    const { event, file, line } = item.record;
    summary.eventsRead++;
    const view = new EventView(event);
    const schema = detectSchema(options.schemas, view);
    summary.eventsBySchema.set(schema.name, (summary.eventsBySchema.get(schema.name) ?? 0) + 1);
    for (const compiled of ruleSet.forSchema(schema).compiled) {
      if (compiled.predicate(view) !== true) continue;
      summary.alerts++;
      summary.alertsByRule.set(compiled.index, (summary.alertsByRule.get(compiled.index) ?? 0) + 1);
      options.onAlert({ rule: compiled.rule, ruleIndex: compiled.index, event, file, line, schema: schema.name });
    }
    options.onEvent?.(summary);
  }
  for (const entry of ruleSet.compiledSchemas()) {
    summary.skippedBySchema.set(entry.schema.name, new Map([...entry.skipped].map(([reason, list]) => [reason, list.length])));
  }
  return summary;
}
