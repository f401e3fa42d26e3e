// Elastic alert suppression: folds a rule's alerts with equal group-by values within the suppression duration.
import type { AlertSuppression } from '../../ir/rule.js';
import type { EventView } from '../event-view.js';
import { valueText } from '../match-value.js';

/**
 * Semantics (as Kibana): the first alert of a group opens a window of `durationMs`; later alerts of the group
 * inside it are suppressed (counted), the first one after it opens a new window. Group values are the sets of
 * values of the group-by fields; with `missingFields: suppress` events lacking a field share the "missing"
 * value, with `doNotSuppress` they always alert. Events without a readable time are never suppressed.
 */
/** Above this many open groups, expired windows are dropped. */
const MAX_OPEN_WINDOWS = 10_000;

export class AlertSuppressor {
  private readonly windows = new Map<string, number>();
  private latest = Number.NEGATIVE_INFINITY;
  suppressed = 0;

  constructor(private readonly spec: AlertSuppression) {}

  /** Whether this alert is folded into an earlier one. */
  suppress(view: EventView, field: (name: string) => string, time: number | undefined): boolean {
    if (time === undefined) return false;
    this.latest = Math.max(this.latest, time);
    if (this.windows.size > MAX_OPEN_WINDOWS) this.evict(this.latest);
    const parts: (string[] | null)[] = this.spec.groupBy.map((name) => {
      const values = view
        .values(field(name))
        .map(valueText)
        .filter((v): v is string => v !== undefined);
      return values.length ? [...new Set(values)].sort() : null;
    });
    if (parts.includes(null) && this.spec.missingFields === 'doNotSuppress') return false;
    const key = JSON.stringify(parts);
    const start = this.windows.get(key);
    if (start !== undefined && time >= start && time - start < this.spec.durationMs) {
      this.suppressed++;
      return true;
    }
    this.windows.set(key, time);
    return false;
  }

  evict(watermark: number): void {
    for (const [key, start] of this.windows)
      if (watermark - start >= this.spec.durationMs) this.windows.delete(key);
  }
}
