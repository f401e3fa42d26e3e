// Stage one of a hunt: each event's schema and the rules whose per-event condition it satisfies, in input order.

import type { EventItem, EventRecord } from '../io/read-events.js';
import type { Rule } from '../ir/rule.js';
import { EventView } from './event-view.js';
import { matchingRules, RuleSet } from './rule-set.js';
import { detectSchema, type EventSchema } from './schemas.js';

export interface MatchedEvent {
  record: EventRecord;
  schema: string;
  /** Indexes (into the rule list) of rules whose per-event condition is true for this event, ascending. */
  matches: number[];
}

export type MatchItem =
  | { matched: MatchedEvent }
  | { rejected: Extract<EventItem, { rejected: unknown }>['rejected'] };

/** The items of a stream element that is one item or a batch of them (see `parallelMatchBatches`). */
export function itemsOf(element: MatchItem | readonly MatchItem[]): readonly MatchItem[] {
  return Array.isArray(element) ? element : [element as MatchItem];
}

/** Why rules did not run on a schema: schema → reason → rule count. */
export type SkippedRules = Map<string, Map<string, number>>;

/** Evaluates every event against the rule set on this thread. `skipped` is filled when the stream ends. */
export async function* matchEvents(
  rules: readonly Rule[],
  schemas: readonly EventSchema[],
  events: AsyncIterable<EventItem>,
  skipped?: SkippedRules,
): AsyncGenerator<MatchItem> {
  const ruleSet = new RuleSet(rules);
  for await (const item of events) {
    if ('rejected' in item) {
      yield item;
      continue;
    }
    const view = new EventView(item.record.event);
    const schema = detectSchema(schemas, view);
    const matches = matchingRules(ruleSet.forSchema(schema), view);
    yield { matched: { record: item.record, schema: schema.name, matches } };
  }
  if (skipped) {
    for (const entry of ruleSet.compiledSchemas()) {
      skipped.set(
        entry.schema.name,
        new Map([...entry.skipped].map(([reason, list]) => [reason, list.length])),
      );
    }
  }
}
