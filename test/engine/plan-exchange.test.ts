// Workers of one hunt share prefilter plans: one computes a schema's plan, the others get its tables in shared memory.
import { afterEach, describe, expect, it } from 'vitest';
import { EventView } from '../../src/engine/event-view.js';
import { planExchangeSetup, sharedPlans } from '../../src/engine/parallel/plan-exchange.js';
import { Prefilter } from '../../src/engine/prefilter/prefilter.js';
import type { PlanSource, SchemaPlan } from '../../src/engine/schema-plan.js';
import { planEvent, planOfDetections } from '../helpers/plan-detections.js';

/** A plan source's plan for the test detections, with how often it computed one itself. */
function planOf(source: PlanSource, schema = 'sysmon'): { plan: SchemaPlan; computed: number } {
  let computed = 0;
  const plan = source(schema, () => {
    computed++;
    return planOfDetections();
  });
  return { plan, computed };
}

/** Plan sources of two matching threads of one hunt; their channels close after each test. */
const opened: (() => void)[] = [];
function twoThreadPlans(setup: ReturnType<typeof planExchangeSetup>): [PlanSource, PlanSource] {
  const [first, second] = [sharedPlans(setup), sharedPlans(setup)];
  opened.push(first.close, second.close);
  return [first.source, second.source];
}

describe('sharedPlans', () => {
  afterEach(() => {
    for (const close of opened.splice(0)) close();
  });

  it('computes a schema plan once; the other worker receives its tables in shared memory', () => {
    const setup = planExchangeSetup(['ecs', 'sysmon'], 2);
    const [first, second] = twoThreadPlans(setup);
    const computedPlan = planOf(first);
    const receivedPlan = planOf(second);
    expect(computedPlan.computed).toBe(1);
    expect(receivedPlan.computed).toBe(0);
    expect(receivedPlan.plan.prefilter.scanners.length).toBe(3);
    for (const scanner of receivedPlan.plan.prefilter.scanners)
      expect(scanner.automaton.delta.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(receivedPlan.plan.prefilter.scanners.map((s) => s.field)).toEqual(
      computedPlan.plan.prefilter.scanners.map((s) => s.field),
    );
  });

  it('receives a plan posted while its event loop ran (as a matching worker between pieces)', async () => {
    const setup = planExchangeSetup(['sysmon'], 2);
    const [first, second] = twoThreadPlans(setup);
    expect(planOf(first).computed).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(planOf(second).computed).toBe(0);
  });

  it('finds the same candidates from a received plan', () => {
    const setup = planExchangeSetup(['sysmon'], 2);
    const [first, second] = twoThreadPlans(setup);
    const prefilters = [first, second].map((source) => new Prefilter(planOf(source).plan.prefilter));
    for (const prefilter of prefilters)
      expect([...prefilter.candidates(new EventView(planEvent))].sort()).toEqual([0, 1]);
  });

  it('computes the plan itself when the computing worker failed, or the schema is not shared', () => {
    const setup = planExchangeSetup(['sysmon'], 2);
    const [first, second] = twoThreadPlans(setup);
    expect(() =>
      first('sysmon', () => {
        throw new Error('out of memory');
      }),
    ).toThrow('out of memory');
    expect(planOf(second).computed).toBe(1);
    expect(planOf(second, 'windows-evtx').computed).toBe(1);
  });
});
