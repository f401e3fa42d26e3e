// Matching on one thread for parallel runs: a rule set and schemas, applied to the events of one piece at a time.
import type { JsonObject } from '../event-view.js';
import { EventView } from '../event-view.js';
import type { SkippedRules } from '../match-stream.js';
import { SCREEN_BY_JS } from '../native/native-addon.js';
import { NativeScreening } from '../native/native-screening.js';
import { RuleCosts, type SchemaCost } from '../rule-costs.js';
import { candidateMatches, matchingRules, type RuleList, RuleSet, type RuleSetOptions } from '../rule-set.js';
import { detectSchema, type EventSchema } from '../schemas.js';
import { type PieceItem, type PieceLine, pieceBytes, pieceItems, textStart } from './piece-events.js';
import type { TextPiece } from './pieces.js';
import { type JobResult, type PieceJobRequest, REJECTED } from './protocol.js';

/** An event's schema (index into the matcher's schemas) and the rules it satisfies, ascending. */
export interface EventMatch {
  schema: number;
  matches: number[];
}

export interface PieceMatcherOptions extends RuleSetOptions {
  /** Time every rule evaluation (see `RuleCosts`); events are then screened by JS only. */
  measureCosts?: boolean;
  /** Screen text pieces natively when the addon is built (default true). */
  native?: boolean;
}

export class PieceMatcher {
  private readonly ruleSet: RuleSet;
  /** Counts what each rule costs, when asked to (see `RuleCosts`). */
  private readonly ruleCosts: RuleCosts | undefined;
  /** Finds the candidates of text pieces' events natively, when the addon is built. */
  readonly screening: NativeScreening | undefined;

  constructor(
    rules: RuleList,
    readonly schemas: readonly EventSchema[],
    options: PieceMatcherOptions = {},
  ) {
    this.ruleSet = new RuleSet(rules, options);
    this.ruleCosts = options.measureCosts ? new RuleCosts() : undefined;
    this.screening =
      options.measureCosts || options.native === false ? undefined : NativeScreening.create(schemas);
  }

  /** Compiles the rule set for the named schemas now, and hands each to native screening. */
  prepare(names: readonly string[]): void {
    for (const name of names) {
      const index = this.schemas.findIndex((schema) => schema.name === name);
      if (index < 0) continue;
      const entry = this.ruleSet.forSchema(this.schemas[index]!);
      this.screening?.add(index, entry);
    }
  }

  /** The event's schema and the rules it satisfies. */
  match(event: JsonObject): EventMatch {
    const view = new EventView(event);
    const schema = detectSchema(this.schemas, view);
    const entry = this.ruleSet.forSchema(schema);
    const index = this.schemas.indexOf(schema);
    this.screening?.add(index, entry);
    return {
      schema: index,
      matches: this.ruleCosts ? this.ruleCosts.matchingRules(entry, view) : matchingRules(entry, view),
    };
  }

  /**
   * The rules an event of schema `schema` satisfies among candidate slots native screening left to JS, whose
   * programs it is then offered.
   */
  matchCandidates(schema: number, event: JsonObject, candidates: Int32Array): EventMatch {
    const entry = this.ruleSet.forSchema(this.schemas[schema]!);
    const matches = candidateMatches(entry, new EventView(event), candidates);
    this.screening?.offer(schema, entry, candidates);
    return { schema, matches };
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

  record(line: number, start: number, end: number, match: EventMatch): void {
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

const NO_MATCHES: number[] = [];
const NEWLINE = 0x0a;

function recordItems(matcher: PieceMatcher, items: Iterable<PieceItem>, out: ResultBuilder): void {
  for (const item of items) {
    if ('rejected' in item) out.rejected(item.rejected.line, item.rejected.message);
    else out.record(item.record.line, item.record.start, item.record.end, matcher.match(item.record.event));
  }
}

/** Merges rules found true natively into those found by JS, ascending. */
function withNativeMatches(match: EventMatch, native: Int32Array): EventMatch {
  if (native.length === 0) return match;
  const matches = [...match.matches, ...native].sort((a, b) => a - b);
  return { schema: match.schema, matches };
}

/**
 * Screens the piece's lines from `at` natively and records them: each event's candidates found and those it can
 * evaluate evaluated; events with candidates left to JS are parsed and only those evaluated. Events the screen leaves
 * to JS, and the rest of the piece from a line it hands over, are matched as without it. Returns where to screen
 * again when matching an event by JS handed native screening its schema (the piece's first events wait for their
 * schemas' plans): the rest of the piece is then screened, not matched by JS.
 */
function screenFrom(
  matcher: PieceMatcher,
  screening: NativeScreening,
  piece: TextPiece,
  at: PieceLine,
  out: ResultBuilder,
): PieceLine | undefined {
  const bytes = pieceBytes(piece);
  const handed = screening.handedCount;
  const screened = screening.screen(bytes, at.start, at.line);
  const { schema, candidateEnd, candidates, matchEnd, matches } = screened;
  for (let i = 0; i < schema.length; i++) {
    const line = screened.line[i]!;
    const start = screened.start[i]!;
    const end = screened.end[i]!;
    const from = i === 0 ? 0 : candidateEnd[i - 1]!;
    const to = candidateEnd[i]!;
    const native = matches.subarray(i === 0 ? 0 : matchEnd[i - 1]!, matchEnd[i]!);
    if (schema[i] !== SCREEN_BY_JS && from === to) {
      out.record(line, start, end, { schema: schema[i]!, matches: native.length ? [...native] : NO_MATCHES });
      continue;
    }
    let event: JsonObject;
    try {
      event = JSON.parse(bytes.toString('utf8', start, end)) as JsonObject;
    } catch {
      recordItems(matcher, pieceItems(piece, { start, line }), out); // not expected: simdjson read the same text
      return undefined;
    }
    if (schema[i] !== SCREEN_BY_JS) {
      const found = matcher.matchCandidates(schema[i]!, event, candidates.subarray(from, to));
      out.record(line, start, end, withNativeMatches(found, native));
      continue;
    }
    out.record(line, start, end, matcher.match(event));
    const next = bytes.indexOf(NEWLINE, end);
    if (screening.handedCount > handed && next >= 0 && i + 1 < schema.length)
      return { start: next + 1, line: line + 1 };
  }
  if (screened.resumeAt >= 0)
    recordItems(matcher, pieceItems(piece, { start: screened.resumeAt, line: screened.resumeLine }), out);
  return undefined;
}

/** A text piece matched with native screening (see `screenFrom`). */
function matchScreened(
  matcher: PieceMatcher,
  screening: NativeScreening,
  piece: TextPiece,
  out: ResultBuilder,
) {
  const bytes = pieceBytes(piece);
  let at: PieceLine | undefined = { start: textStart(piece, bytes), line: piece.line };
  while (at) at = screenFrom(matcher, screening, piece, at, out);
}

/** A piece's job matched on this thread: its result as a worker sends it (events are not kept, only where they are). */
export function matchJob(matcher: PieceMatcher, job: PieceJobRequest & { id: number }): JobResult {
  const out = new ResultBuilder();
  if (job.kind === 'events') {
    for (const event of job.events) out.record(0, 0, 0, matcher.match(event));
  } else if (matcher.screening) matchScreened(matcher, matcher.screening, job, out);
  else recordItems(matcher, pieceItems(job), out);
  return out.build(job.id);
}
