// The interface of stateful rule evaluators (new_terms, threshold, sequences, correlations) and their inputs.
import type { EventRecord } from '../../io/read-events.js';
import type { EventView } from '../event-view.js';

/** One event that satisfied a stateful rule's per-event condition. */
export interface StatefulInput {
  record: EventRecord;
  view: EventView;
  /** Event time in ms (already resolved from the rule's timestamp field). */
  time: number;
  /** Resolves a rule field name to the event's field name in its schema. */
  field: (name: string) => string;
}

/** A stateful alert: the event that completed it and all events that made it. */
export interface StatefulAlert {
  record: EventRecord;
  events: EventRecord[];
  /** Group values shown with the alert (threshold/correlation group-by). */
  group?: Record<string, string>;
}

export interface StatefulRule {
  onEvent(input: StatefulInput): StatefulAlert[];
  /** End of input: alerts from windows still open (e.g. correlation conditions like `lt`). */
  finish(): StatefulAlert[];
  /** Drops state that can no longer produce alerts once no event is older than `watermark`. */
  evict(watermark: number): void;
}
