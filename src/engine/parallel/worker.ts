// Worker thread entry: compiles the rules once, then parses and matches the pieces the main thread sends.
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Rule } from '../../ir/rule.js';
import { PlanCache } from '../prefilter/plan-cache.js';
import { pipelineSchemas } from '../schemas.js';
import { PieceMatcher } from './match-pieces.js';
import { pieceItems } from './piece-events.js';
import { sharedPlans } from './plan-exchange.js';
import { type Job, type JobResult, REJECTED, type WorkerReply, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
// Listening for plans first: a plan posted while the rules are read is not lost.
const plans = sharedPlans(setup.plans);
const { planCache } = setup;
const matcher = new PieceMatcher(
  deserialize(setup.rules) as Rule[],
  pipelineSchemas(setup.pipelines),
  plans,
  planCache && new PlanCache(planCache.dir, () => planCache.rulesDigest),
);

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

function run(job: Exclude<Job, { kind: 'finish' }>): JobResult {
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

parentPort!.on('message', (job: Job) => {
  let reply: WorkerReply;
  try {
    if (job.kind === 'finish') {
      const skipped = [...matcher.skipped()].map(
        ([schema, reasons]) => [schema, [...reasons]] as [string, [string, number][]],
      );
      reply = { finished: { id: job.id, skipped } };
    } else reply = { result: run(job) };
  } catch (error) {
    reply = { error: (error as Error).stack ?? String(error) };
  }
  const arrays = 'result' in reply ? reply.result : undefined;
  const transfer = arrays
    ? [arrays.schema, arrays.line, arrays.start, arrays.end, arrays.matchEnd, arrays.matches].map(
        (a) => a.buffer as ArrayBuffer,
      )
    : [];
  parentPort!.postMessage(reply, transfer);
});
