// Messages between the main thread and matching workers; results are typed arrays, transferred without copying.
import type { JsonObject } from '../event-view.js';
import type { SchemaCost } from '../rule-costs.js';
import type { HuntPipelines } from '../schemas.js';
import type { PieceEnd } from './pieces.js';
import type { PlanExchangeSetup } from './plan-exchange.js';
import type { SerializedRules } from './rules-for-matching.js';

export interface WorkerSetup {
  /** The rules, v8-serialised once on the main thread, in shared memory: one copy for all workers. */
  rules: SerializedRules;
  /** The pipelines, read once by the main thread. */
  pipelines: HuntPipelines;
  plans: PlanExchangeSetup;
  /** Where plans are kept between runs (see `PlanCache`), and the digest of `rules`. */
  planCache?: { dir: string; rulesDigest: string };
  /** Count what each rule costs (see `RuleCosts`), for the reply to `finish`. */
  measureCosts: boolean;
}

/** A piece's events to match: its text, or events read on the main thread. */
export type PieceJobRequest =
  | { kind: 'text'; file: string; line: number; bytes: Uint8Array; end: PieceEnd }
  | { kind: 'events'; events: JsonObject[] };

/** `finish`: report what the worker skipped and measured. */
export type JobRequest = PieceJobRequest | { kind: 'finish' };

export type Job = JobRequest & { id: number };

/** Per item of a job, in order: rejected or a record with its schema and matching rules. */
export interface JobResult {
  id: number;
  /** Schema index into `pipelineSchemas(pipelines)`; REJECTED for rejected items. */
  schema: Uint8Array;
  line: Int32Array;
  /** Text pieces: where each record's text is in the piece's bytes. */
  start: Int32Array;
  end: Int32Array;
  /** Matches of item i: matches[matchEnd[i-1] .. matchEnd[i]). */
  matchEnd: Int32Array;
  matches: Int32Array;
  /** Messages of the rejected items, in order. */
  messages: string[];
}

/** Reply to `finish`: schema → reason → number of rules not run on it; what each rule cost, if measured. */
export interface FinishResult {
  id: number;
  skipped: [string, [string, number][]][];
  costs: SchemaCost[];
}

export type WorkerReply = { result: JobResult } | { finished: FinishResult } | { error: string };

export const REJECTED = 255;
