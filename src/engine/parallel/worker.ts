// Worker thread entry: compiles the rules once, then parses and matches the pieces the main thread sends.
import { parentPort, workerData } from 'node:worker_threads';
import { PlanCache } from '../prefilter/plan-cache.js';
import { pipelineSchemas } from '../schemas.js';
import { matchJob, PieceMatcher } from './match-pieces.js';
import { sharedPlans } from './plan-exchange.js';
import type { Job, WorkerReply, WorkerSetup } from './protocol.js';
import { LazyRules } from './rules-for-matching.js';

const setup = workerData as WorkerSetup;
// Listening for plans first: a plan posted while the matcher is made is not lost.
const plans = sharedPlans(setup.plans).source;
const { planCache } = setup;
const matcher = new PieceMatcher(new LazyRules(setup.rules), pipelineSchemas(setup.pipelines), {
  plans,
  cache: planCache && new PlanCache(planCache.dir, () => planCache.rulesDigest),
  measureCosts: setup.measureCosts,
});

parentPort!.on('message', (job: Job) => {
  let reply: WorkerReply;
  try {
    if (job.kind === 'finish') {
      const skipped = [...matcher.skipped()].map(
        ([schema, reasons]) => [schema, [...reasons]] as [string, [string, number][]],
      );
      reply = { finished: { id: job.id, skipped, costs: matcher.costs() } };
    } else reply = { result: matchJob(matcher, job) };
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
