// Matching on one thread for parallel runs: a rule set and schemas, applied to the events of one piece at a time.
import type { Rule } from '../../ir/rule.js';
import type { JsonObject } from '../event-view.js';
import { EventView } from '../event-view.js';
import type { SkippedRules } from '../match-stream.js';
import { RuleCosts, type SchemaCost } from '../rule-costs.js';
import { matchingRules, RuleSet, type RuleSetOptions } from '../rule-set.js';
import { detectSchema, type EventSchema } from '../schemas.js';
import { pieceItems } from './piece-events.js';
import { type JobResult, type PieceJobRequest, REJECTED } from './protocol.js';

export class PieceMatcher {
  private readonly ruleSet: RuleSet;
  /** Counts what each rule costs, when asked to (see `RuleCosts`). */
  private readonly ruleCosts: RuleCosts | undefined;

  constructor(
    rules: readonly Rule[],
    readonly schemas: readonly EventSchema[],
    options: RuleSetOptions & { measureCosts?: boolean } = {},
  ) {
    this.ruleSet = new RuleSet(rules, options);
    this.ruleCosts = options.measureCosts ? new RuleCosts() : undefined;
  }

  /** The event's schema (index into `schemas`) and the rules it satisfies, ascending. */
  match(event: JsonObject): { schema: number; matches: number[] } {
    const view = new EventView(event);
    const schema = detectSchema(this.schemas, view);
    const entry = this.ruleSet.forSchema(schema);
    return {
      schema: this.schemas.indexOf(schema),
      matches: this.ruleCosts ? this.ruleCosts.matchingRules(entry, view) : matchingRules(entry, view),
    };
  }

  /** What each rule cost so far (none unless made with `measureCosts`). */
  costs(): SchemaCost[] {
    return this.ruleCosts?.costs() ?? [];
  }

  /** Why rules did not run, per schema compiled so far (what `matchEvents` reports). */
  skipped(): SkippedRules {
    return new Map(
      this.ruleSet
        .compiledSchemas()
        .map((entry) => [
          entry.schema.name,
          new Map([...entry.skipped].map(([reason, list]) => [reason, list.length])),
        ]),
    );
  }
}

/** Packs per-item results into typed arrays. */
class ResultBuilder {
  private readonly schema: number[] = [];
  private readonly line: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly matchEnd: number[] = [];
  private readonly matches: number[] = [];
  private readonly messages: string[] = [];

  record(line: number, start: number, end: number, match: { schema: number; matches: number[] }): void {
    this.schema.push(match.schema);
    this.line.push(line);
    this.start.push(start);
    this.end.push(end);
    this.matches.push(...match.matches);
    this.matchEnd.push(this.matches.length);
  }

  rejected(line: number, message: string): void {
    this.schema.push(REJECTED);
    this.line.push(line);
    this.start.push(0);
    this.end.push(0);
    this.matchEnd.push(this.matches.length);
    this.messages.push(message);
  }

  build(id: number): JobResult {
    return {
      id,
      schema: Uint8Array.from(this.schema),
      line: Int32Array.from(this.line),
      start: Int32Array.from(this.start),
      end: Int32Array.from(this.end),
      matchEnd: Int32Array.from(this.matchEnd),
      matches: Int32Array.from(this.matches),
      messages: this.messages,
    };
  }
}

/** A piece's job matched on this thread: its result as a worker sends it (events are not kept, only where they are). */
export function matchJob(matcher: PieceMatcher, job: PieceJobRequest & { id: number }): JobResult {
  const out = new ResultBuilder();
  if (job.kind === 'events') {
    for (const event of job.events) out.record(0, 0, 0, matcher.match(event));
    return out.build(job.id);
  }
  for (const item of pieceItems(job)) {
    if ('rejected' in item) out.rejected(item.rejected.line, item.rejected.message);
    else out.record(item.record.line, item.record.start, item.record.end, matcher.match(item.record.event));
  }
  return out.build(job.id);
}
