// Elastic new_terms: alert on the first sighting of a value combination within the rule's history window.
import type { NewTermsAggregation } from '../../ir/rule.js';
import { groupKeys } from './group-key.js';
import type { StatefulAlert, StatefulInput, StatefulRule } from './stateful-rule.js';

/**
 * Semantics: an event alerts when some combination of its `fields` values (arrays expand) was not seen in
 * matching events during the history window before it, i.e. the combination is unseen or was last seen more than
 * `historyWindowMs` earlier. Events missing a field never alert. At the start of the data there is no history,
 * so every first combination alerts, unless a baseline primed the history (`prime`). An event older than the
 * last sighting of its combination (out of order) does not alert again. One alert per event.
 */
export class NewTermsRule implements StatefulRule {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly spec: NewTermsAggregation) {}

  /** Records the event's combinations as history without alerting (baseline data). */
  prime(input: StatefulInput): void {
    this.observe(input);
  }

  onEvent(input: StatefulInput): StatefulAlert[] {
    return this.observe(input) ? [{ record: input.record, events: [input.record] }] : [];
  }

  private observe(input: StatefulInput): boolean {
    const combos = groupKeys(input.view, this.spec.fields.map(input.field));
    let isNew = false;
    for (const { key } of combos) {
      const last = this.lastSeen.get(key);
      if (last === undefined || input.time - last > this.spec.historyWindowMs) isNew = true;
      if (last === undefined || input.time > last) this.lastSeen.set(key, input.time);
    }
    return isNew;
  }

  finish(): StatefulAlert[] {
    return [];
  }

  evict(watermark: number): void {
    for (const [key, last] of this.lastSeen)
      if (watermark - last > this.spec.historyWindowMs) this.lastSeen.delete(key);
  }

  /** Combinations currently remembered (for tests of bounded state). */
  get size(): number {
    return this.lastSeen.size;
  }
}
