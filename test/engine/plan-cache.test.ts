// Prefilter plans kept on disk: read back equal, keyed by rules and pipelines, never failing a hunt on a bad file.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventView } from '../../src/engine/event-view.js';
import { PlanCache } from '../../src/engine/prefilter/plan-cache.js';
import { Prefilter } from '../../src/engine/prefilter/prefilter.js';
import type { SchemaPlan } from '../../src/engine/schema-plan.js';
import type { EventSchema } from '../../src/engine/schemas.js';
import { planEvent, planOfDetections } from '../helpers/plan-detections.js';

const sysmon: EventSchema = { name: 'sysmon', pipelines: {} };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dragnet-plans-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The prefilter of the test detections with plans from `cache`, and how often a plan was computed. */
function prefilterWith(cache: PlanCache, schema = sysmon): { prefilter: Prefilter; computed: number } {
  let computed = 0;
  const plan = cache.plan(schema, () => {
    computed++;
    return planOfDetections();
  });
  return { prefilter: new Prefilter(plan.prefilter), computed };
}

const planFiles = () => readdirSync(dir).filter((name) => name.endsWith('.plan'));

describe('PlanCache', () => {
  it('gives a later run the plan an earlier one computed, finding the same candidates', () => {
    const first = prefilterWith(new PlanCache(dir, () => 'rules A'));
    const second = prefilterWith(new PlanCache(dir, () => 'rules A'));
    expect([first.computed, second.computed]).toEqual([1, 0]);
    expect(planFiles()).toHaveLength(1);
    const event = new EventView(planEvent);
    expect([...second.prefilter.candidates(event)].sort()).toEqual([0, 1]);
    expect([...first.prefilter.candidates(event)].sort()).toEqual([0, 1]);
  });

  it('computes the plan again for other rules or other pipelines of the schema', () => {
    prefilterWith(new PlanCache(dir, () => 'rules A'));
    expect(prefilterWith(new PlanCache(dir, () => 'rules B')).computed).toBe(1);
    const otherPipelines: EventSchema = {
      name: 'sysmon',
      pipelines: { sigma: { name: 'custom' } as unknown as NonNullable<EventSchema['pipelines']['sigma']> },
    };
    expect(prefilterWith(new PlanCache(dir, () => 'rules A'), otherPipelines).computed).toBe(1);
    expect(prefilterWith(new PlanCache(dir, () => 'rules A')).computed).toBe(0);
  });

  it('computes a plan again over a damaged file, and writes it whole', () => {
    prefilterWith(new PlanCache(dir, () => 'rules A'));
    const [file] = planFiles();
    writeFileSync(join(dir, file!), 'not a plan');
    expect(prefilterWith(new PlanCache(dir, () => 'rules A')).computed).toBe(1);
    expect(prefilterWith(new PlanCache(dir, () => 'rules A')).computed).toBe(0);
  });

  it('makes its folder readable and writable by its owner only', () => {
    const folder = join(dir, 'cache', 'plans');
    prefilterWith(new PlanCache(folder, () => 'rules A'));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('computes plans when the folder is a file', () => {
    const notFolder = join(dir, 'plans');
    writeFileSync(notFolder, '');
    const cache = new PlanCache(notFolder, () => 'rules A');
    expect(prefilterWith(cache).computed).toBe(1);
    expect(prefilterWith(cache).computed).toBe(1);
  });

  it('keeps the most recently used plans only', () => {
    for (let i = 0; i < 15; i++) prefilterWith(new PlanCache(dir, () => `rules ${i}`));
    expect(planFiles()).toHaveLength(12);
    expect(prefilterWith(new PlanCache(dir, () => 'rules 14')).computed).toBe(0);
    expect(prefilterWith(new PlanCache(dir, () => 'rules 0')).computed).toBe(1);
  });

  it('reads back typed arrays as typed arrays', () => {
    let computed: SchemaPlan | undefined;
    const cache = () => new PlanCache(dir, () => 'rules A');
    cache().plan(sysmon, () => {
      computed = planOfDetections();
      return computed;
    });
    const read = cache().plan(sysmon, () => {
      throw new Error('not kept');
    });
    expect(read).toEqual(computed);
    expect(read.slots).toBeInstanceOf(Int32Array);
    expect(read.prefilter.scanners[0]!.automaton.delta.constructor).toBe(
      computed!.prefilter.scanners[0]!.automaton.delta.constructor,
    );
  });
});
