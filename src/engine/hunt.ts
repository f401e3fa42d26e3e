// Runs a rule set over an event stream: per-event matching, stateful rules, alerts and a run summary.

import type { EventItem, EventRecord, RejectedEvent } from '../io/read-events.js';
import type { Rule } from '../ir/rule.js';
import { mapFieldName } from '../taxonomy/map-rule.js';
import { eventTime } from './event-time.js';
import type { JsonObject } from './event-view.js';
import { EventView } from './event-view.js';
import { indexMatches } from './index-patterns.js';
import { itemsOf, type MatchItem, matchEvents, type SkippedRules } from './match-stream.js';
import type { EventSchema } from './schemas.js';
import { type ProcessorEvent, StatefulProcessor } from './stateful/processor.js';
import type { StatefulAlert } from './stateful/stateful-rule.js';
import { AlertSuppressor } from './stateful/suppression.js';

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
  /** Problems of stateful rules (unknown correlation references, events without a time). */
  statefulProblems: string[];
}

export interface HuntOptions {
  rules: readonly Rule[];
  schemas: readonly EventSchema[];
  /**
   * Events to read on this thread; or `matches`, an already matched stream (e.g. from worker threads), item by item
   * or in batches (see `parallelMatchBatches`).
   */
  events?: AsyncIterable<EventItem>;
  matches?: AsyncIterable<MatchItem | readonly MatchItem[]>;
  /** Events that only prime new_terms history (read first, never alerted on). */
  baseline?: AsyncIterable<EventItem>;
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
    statefulProblems: [],
  };
}

/** Field resolution per (schema, rule taxonomy), shared by all events of a schema. */
function fieldResolver(schemas: readonly EventSchema[]) {
  const cache = new Map<string, (name: string) => string>();
  return (schemaName: string, rule: Rule): ((name: string) => string) => {
    const key = `${schemaName}|${rule.taxonomy}`;
    let resolve = cache.get(key);
    if (!resolve) {
      const pipeline = schemas.find((s) => s.name === schemaName)?.pipelines[rule.taxonomy];
      const names = new Map<string, string>();
      resolve = (name) => {
        let mapped = names.get(name);
        if (mapped === undefined) {
          mapped = pipeline ? mapFieldName(pipeline, name) : name;
          names.set(name, mapped);
        }
        return mapped;
      };
      cache.set(key, resolve);
    }
    return resolve;
  };
}

async function primeBaseline(
  options: HuntOptions,
  processor: StatefulProcessor,
  fields: ReturnType<typeof fieldResolver>,
) {
  if (!options.baseline) return;
  for await (const item of matchEvents(options.rules, options.schemas, options.baseline)) {
    if ('rejected' in item) continue;
    const { record, schema, matches } = item.matched;
    const view = new EventView(record.event);
    for (const index of matches)
      processor.prime(index, { record, view, fieldFor: (rule) => fields(schema, rule) });
  }
}

export async function hunt(options: HuntOptions): Promise<HuntSummary> {
  const summary = emptySummary();
  const keep = options.maxRejectedKept ?? 100;
  const processor = new StatefulProcessor(options.rules);
  const fields = fieldResolver(options.schemas);
  await primeBaseline(options, processor, fields);
  const suppressors = new Map<number, AlertSuppressor>();
  options.rules.forEach((rule, index) => {
    if (rule.suppression) suppressors.set(index, new AlertSuppressor(rule.suppression));
  });
  const emit = (alert: Alert) => {
    const suppressor = suppressors.get(alert.ruleIndex);
    if (suppressor) {
      const view = new EventView(alert.event);
      const resolve = fields(alert.schema, alert.rule);
      if (suppressor.suppress(view, resolve, eventTime(view, alert.rule.timestampField))) return;
    }
    summary.alerts++;
    summary.alertsByRule.set(alert.ruleIndex, (summary.alertsByRule.get(alert.ruleIndex) ?? 0) + 1);
    options.onAlert(alert);
  };
  const statefulAlert = (index: number, stateful: StatefulAlert, schema: string): Alert => {
    const { record } = stateful;
    return {
      rule: options.rules[index]!,
      ruleIndex: index,
      event: record.event,
      file: record.file,
      line: record.line,
      schema,
      events: stateful.events,
    };
  };
  if (!options.matches && !options.events) throw new Error('hunt needs events or matches');
  const stream =
    options.matches ?? matchEvents(options.rules, options.schemas, options.events!, summary.skippedBySchema);
  let lastEvent: ProcessorEvent | undefined;
  let lastSchema = '';
  for await (const got of stream) {
    for (const item of itemsOf(got)) {
      if ('rejected' in item) {
        summary.eventsRejected++;
        if (summary.rejected.length < keep) summary.rejected.push(item.rejected);
        continue;
      }
      const { record, schema, matches } = item.matched;
      summary.eventsRead++;
      summary.eventsBySchema.set(schema, (summary.eventsBySchema.get(schema) ?? 0) + 1);
      // The event is parsed lazily by parallel readers: build its view only when a rule needs it.
      let view: EventView | undefined;
      const event: ProcessorEvent = {
        record,
        get view() {
          view ??= new EventView(record.event);
          return view;
        },
        fieldFor: (rule) => fields(schema, rule),
      };
      const sink = (index: number, stateful: StatefulAlert) => emit(statefulAlert(index, stateful, schema));
      for (const index of matches) {
        const rule = options.rules[index]!;
        if (rule.format === 'elastic' && !indexMatches(rule.logsource.indices, event.view)) continue;
        if (!processor.isStateful(index) && !processor.suppressed.has(index))
          emit({ rule, ruleIndex: index, event: record.event, file: record.file, line: record.line, schema });
        processor.onMatch(index, event, sink);
      }
      processor.tick(event, sink);
      lastEvent = event;
      lastSchema = schema;
      const pending = options.onEvent?.(summary);
      if (pending) await pending;
    }
  }
  processor.finish((index, stateful) => emit(statefulAlert(index, stateful, lastSchema)), lastEvent);
  summary.statefulProblems.push(...processor.problems);
  for (const [index, suppressor] of suppressors)
    if (suppressor.suppressed)
      summary.statefulProblems.push(
        `${suppressor.suppressed} alerts of '${options.rules[index]!.meta.title}' folded by its alert suppression`,
      );
  if (processor.eventsWithoutTime)
    summary.statefulProblems.push(
      `${processor.eventsWithoutTime} matches of stateful rules had no readable event time and were ignored`,
    );
  return summary;
}
