// EQL sequences: ordered steps joined by keys within maxspan, cancelled by `until`, evaluated over the stream.

import type { EventRecord } from '../../io/read-events.js';
import type { SequenceAggregation, SequenceStep } from '../../ir/rule.js';
import { compileExpr, type EventPredicate } from '../compile-expr.js';
import { groupKeys } from './group-key.js';
import type { StatefulAlert, StatefulInput, StatefulRule } from './stateful-rule.js';

interface Partial {
  start: number;
  events: EventRecord[];
}

interface CompiledStep {
  predicate: EventPredicate;
  by: string[];
}

function compileStep(step: SequenceStep): CompiledStep {
  return { predicate: compileExpr(step.expr, 'ternary'), by: step.by };
}

/**
 * Semantics (as Elasticsearch runs EQL sequences, over events in input order): per join key, the latest partial
 * sequence waiting at each step is kept; an event matching step i+1 extends the partial waiting there (an event
 * matching several steps extends the furthest first and is used once); `maxspan` bounds the time from the first
 * to the last event; an `until` event with the same key drops that key's partials; `with runs=N` repeats a step.
 */
export class SequenceRule implements StatefulRule {
  private readonly steps: CompiledStep[];
  private readonly until?: CompiledStep;
  /** join key → partials indexed by the number of steps already matched. */
  private readonly partials = new Map<string, (Partial | undefined)[]>();

  constructor(private readonly spec: SequenceAggregation) {
    this.steps = spec.steps.flatMap((step) =>
      Array.from({ length: step.runs ?? 1 }, () => compileStep(step)),
    );
    if (spec.until) this.until = compileStep(spec.until);
  }

  private keys(input: StatefulInput, step: CompiledStep): string[] {
    return groupKeys(input.view, [...this.spec.by, ...step.by].map(input.field)).map((g) => g.key);
  }

  onEvent(input: StatefulInput): StatefulAlert[] {
    if (this.until && this.until.predicate(input.view) === true) {
      for (const key of this.keys(input, this.until)) this.partials.delete(key);
    }
    const alerts: StatefulAlert[] = [];
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i]!;
      if (step.predicate(input.view) !== true) continue;
      let used = false;
      for (const key of this.keys(input, step)) {
        const waiting = this.partials.get(key) ?? [];
        let partial: Partial | undefined;
        if (i === 0) partial = { start: input.time, events: [] };
        else {
          partial = waiting[i];
          waiting[i] = undefined;
          if (
            partial &&
            this.spec.maxspanMs !== undefined &&
            input.time - partial.start > this.spec.maxspanMs
          )
            partial = undefined;
        }
        if (!partial) continue;
        used = true;
        const extended = { start: partial.start, events: [...partial.events, input.record] };
        if (i === this.steps.length - 1) alerts.push({ record: input.record, events: extended.events });
        else waiting[i + 1] = extended;
        this.partials.set(key, waiting);
      }
      if (used) break;
    }
    return alerts;
  }

  finish(): StatefulAlert[] {
    return [];
  }

  evict(watermark: number): void {
    if (this.spec.maxspanMs === undefined) return;
    for (const [key, waiting] of this.partials) {
      const live = waiting.map((p) => (p && watermark - p.start <= this.spec.maxspanMs! ? p : undefined));
      if (live.some(Boolean)) this.partials.set(key, live);
      else this.partials.delete(key);
    }
  }
}
