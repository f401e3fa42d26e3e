// The time of an event, from the rule's timestamp field or the usual timestamp fields of each schema.
import type { EventView } from './event-view.js';

const DEFAULT_TIME_FIELDS = [
  '@timestamp',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'UtcTime',
  'TimeCreated',
  'timestamp',
  'event.created',
];

function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || !value) return undefined;
  // Sysmon UtcTime "2026-04-20 10:00:35.640" has no zone: it is UTC.
  const text =
    /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(value) && !/[zZ+]|-\d\d:?\d\d$/.test(value.slice(10))
      ? `${value.replace(' ', 'T')}Z`
      : value;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** Milliseconds since the epoch, or undefined when the event carries no readable time. */
export function eventTime(view: EventView, field?: string): number | undefined {
  for (const name of field ? [field, ...DEFAULT_TIME_FIELDS] : DEFAULT_TIME_FIELDS) {
    for (const value of view.values(name)) {
      const t = parseTime(value);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}
