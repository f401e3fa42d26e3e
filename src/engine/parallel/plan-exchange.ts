// Schema plans shared by the threads of one hunt: the first to meet a schema works out its plan, the others wait for
// it and read the same tables in shared memory (one compile instead of one per thread, one copy in memory).
import { randomUUID } from 'node:crypto';
import { BroadcastChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { sharePlan } from '../prefilter/prefilter-plan.js';
import type { PlanSource, SchemaPlan } from '../schema-plan.js';

/** States of a schema's plan. */
const IDLE = 0;
const PLANNING = 1;
const READY = 2;
const FAILED = 3;
/**
 * Longest wait of a plan's publisher for every worker to listen (they start listening as they start). It waits no
 * longer than the plan took to compute: a worker that comes later computes the plan itself.
 */
const LISTEN_TIMEOUT_MS = 10_000;
/** Longest wait for a plan another worker computes (one that died while planning never posts it). */
const PLAN_TIMEOUT_MS = 60_000;
/** Waits are cut into steps this long, so a terminated worker stops waiting. */
const WAIT_STEP_MS = 100;

export interface PlanExchangeSetup {
  /** In shared memory: the state of each schema's plan (by index in `schemas`), then how many workers listen. */
  state: Int32Array;
  schemas: string[];
  /** Name of the broadcast channel plans are posted on (one per hunt). */
  channel: string;
  workers: number;
}

export function planExchangeSetup(schemas: readonly string[], workers: number): PlanExchangeSetup {
  return {
    state: new Int32Array(new SharedArrayBuffer(4 * (schemas.length + 1))),
    schemas: [...schemas],
    channel: `dragnet-plans-${randomUUID()}`,
    workers,
  };
}

interface PlanMessage {
  schema: string;
  plan: SchemaPlan;
}

/** A thread's plan source, and how it stops listening (a worker's channel closes with it). */
export interface SharedPlans {
  source: PlanSource;
  close: () => void;
}

/** The plan source of one matching thread; call once per thread, as it starts. */
export function sharedPlans(setup: PlanExchangeSetup): SharedPlans {
  const { state, workers } = setup;
  const listening = setup.schemas.length;
  const received = new Map<string, SchemaPlan>();
  const keep = ({ schema, plan }: PlanMessage) => received.set(schema, plan);
  const channel = new BroadcastChannel(setup.channel);
  // Plans that arrive while the worker's event loop runs are dispatched as events; the others are read below.
  channel.onmessage = (event) => keep((event as MessageEvent).data as PlanMessage);
  channel.unref();
  Atomics.add(state, listening, 1);
  Atomics.notify(state, listening);

  /** The plan another worker posted for the schema; undefined if this worker started listening too late. */
  const receive = (schema: string): SchemaPlan | undefined => {
    while (!received.has(schema)) {
      // A broadcast is queued on every listening channel before its sender marks the plan ready.
      const next = receiveMessageOnPort(channel as unknown as MessagePort);
      if (!next) break;
      keep(next.message as PlanMessage);
    }
    const plan = received.get(schema);
    received.delete(schema);
    return plan;
  };

  const publish = (schema: string, plan: SchemaPlan, computeMs: number): void => {
    const deadline = Date.now() + Math.min(computeMs, LISTEN_TIMEOUT_MS);
    for (let count = Atomics.load(state, listening); count < workers && Date.now() < deadline; ) {
      Atomics.wait(state, listening, count, WAIT_STEP_MS);
      count = Atomics.load(state, listening);
    }
    channel.postMessage({ schema, plan } satisfies PlanMessage);
  };

  const source: PlanSource = (schema, compute) => {
    const index = setup.schemas.indexOf(schema);
    if (index < 0) return compute();
    if (Atomics.compareExchange(state, index, IDLE, PLANNING) === IDLE) {
      try {
        const started = Date.now();
        const computed = compute();
        const plan = { ...computed, prefilter: sharePlan(computed.prefilter) };
        publish(schema, plan, Date.now() - started);
        Atomics.store(state, index, READY);
        return plan;
      } catch (error) {
        Atomics.store(state, index, FAILED);
        throw error;
      } finally {
        Atomics.notify(state, index);
      }
    }
    const deadline = Date.now() + PLAN_TIMEOUT_MS;
    while (Atomics.load(state, index) === PLANNING && Date.now() < deadline)
      Atomics.wait(state, index, PLANNING, WAIT_STEP_MS);
    return (Atomics.load(state, index) === READY ? receive(schema) : undefined) ?? compute();
  };
  return { source, close: () => channel.close() };
}
