// A rule set built from a schema plan it was given (by another thread, or from disk) matches as the planning one does,
// and maps a rule only once it is a candidate.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/engine/event-view.js';
import { EventView } from '../../src/engine/event-view.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { LazyRules, serializeRules } from '../../src/engine/parallel/rules-for-matching.js';
import { matchingRules, type RuleList, RuleSet } from '../../src/engine/rule-set.js';
import type { SchemaPlan } from '../../src/engine/schema-plan.js';
import { detectSchema } from '../../src/engine/schemas.js';
import { loadRules } from '../../src/formats/load-rules.js';
import type { Rule } from '../../src/ir/rule.js';
import { absentNote, SIGMA_CORPUS } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
/** SigmaHQ's Linux process rules, beside the examples: most are never candidates for the example events. */
const linuxProcessRules = join(SIGMA_CORPUS, 'rules/linux/process_creation');
const schemas = huntSchemas(undefined);

/** The example events, one object per line (the Sysmon file is one JSON array). */
function exampleEvents(): JsonObject[] {
  const lines = (name: string) =>
    readFileSync(resolve(examples, 'events', name), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as JsonObject);
  const sysmon = JSON.parse(
    readFileSync(resolve(examples, 'events/windows-sysmon.json'), 'utf8'),
  ) as JsonObject[];
  return [...lines('ecs-endpoint.jsonl'), ...lines('linux-sysmon.jsonl'), ...sysmon];
}

/** The rules, each counting how often its detection is read. */
function countingReads(rules: readonly Rule[]): { rules: Rule[]; reads: number[] } {
  const reads = rules.map(() => 0);
  const counted = rules.map((rule, index) => {
    const copy = { ...rule };
    Object.defineProperty(copy, 'detection', {
      enumerable: true,
      get: () => {
        reads[index]!++;
        return rule.detection;
      },
    });
    return copy;
  });
  return { rules: counted, reads };
}

/** The rules' list, recording which indexes are read. */
function recordingList(list: RuleList): { list: RuleList; read: Set<number> } {
  const read = new Set<number>();
  return {
    list: {
      length: list.length,
      at: (index) => {
        read.add(index);
        return list.at(index);
      },
    },
    read,
  };
}

/** A rule set computing its plans itself, and the plans it computed, by schema. */
function recordingPlanner(rules: readonly Rule[]): { planner: RuleSet; plans: Map<string, SchemaPlan> } {
  const plans = new Map<string, SchemaPlan>();
  const planner = new RuleSet(rules, {
    plans: (schema, compute) => {
      const plan = compute();
      plans.set(schema, plan);
      return plan;
    },
  });
  return { planner, plans };
}

describe.skipIf(!existsSync(linuxProcessRules))(
  `RuleSet given schema plans${absentNote(linuxProcessRules)}`,
  () => {
    let rules: Rule[];
    let events: JsonObject[];
    beforeAll(async () => {
      rules = (await loadRules([resolve(examples, 'rules'), linuxProcessRules])).rules;
      events = exampleEvents();
    });

    it('matches every example event as the rule set that planned it, with the same slots and skipped rules', () => {
      const { planner, plans } = recordingPlanner(rules);
      const given = new RuleSet(rules, {
        plans: (schema) => {
          const plan = plans.get(schema);
          if (!plan) throw new Error(`${schema} was not planned first`);
          return plan;
        },
      });
      let matches = 0;
      for (const event of events) {
        const view = new EventView(event);
        const schema = detectSchema(schemas, view);
        const expected = matchingRules(planner.forSchema(schema), view);
        expect(matchingRules(given.forSchema(schema), view)).toEqual(expected);
        matches += expected.length;
      }
      expect(matches).toBeGreaterThan(5);
      for (const entry of planner.compiledSchemas()) {
        const other = given.forSchema(entry.schema);
        expect(other.compiled.map((c) => c.index)).toEqual(entry.compiled.map((c) => c.index));
        expect(other.skipped).toEqual(entry.skipped);
      }
    });

    it('reads a rule only once it is a candidate for an event', () => {
      const { planner, plans } = recordingPlanner(rules);
      for (const schema of schemas) planner.forSchema(schema);
      const { rules: counted, reads } = countingReads(rules);
      const given = new RuleSet(counted, { plans: (schema) => plans.get(schema)! });
      const compiled = schemas.map((schema) => given.forSchema(schema));
      expect(reads.every((n) => n === 0)).toBe(true);
      const candidates = new Set<number>();
      for (const event of events) {
        const view = new EventView(event);
        const entry = compiled[schemas.indexOf(detectSchema(schemas, view))]!;
        for (const slot of entry.prefilter.candidates(view)) candidates.add(entry.compiled[slot]!.index);
        matchingRules(entry, view);
      }
      const read = new Set(reads.flatMap((n, index) => (n > 0 ? [index] : [])));
      expect(read).toEqual(candidates);
      expect(read.size).toBeGreaterThan(3);
      expect(read.size).toBeLessThan(rules.length / 4);
    });

    it('reads serialised rules one by one, only those that are candidates, and matches as with the rules', () => {
      const { planner, plans } = recordingPlanner(rules);
      for (const schema of schemas) planner.forSchema(schema);
      const { list, read } = recordingList(new LazyRules(serializeRules(rules)));
      const given = new RuleSet(list, { plans: (schema) => plans.get(schema)! });
      const candidates = new Set<number>();
      for (const event of events) {
        const view = new EventView(event);
        const schema = detectSchema(schemas, view);
        const entry = given.forSchema(schema);
        for (const slot of entry.prefilter.candidates(view)) candidates.add(entry.compiled[slot]!.index);
        expect(matchingRules(entry, view)).toEqual(matchingRules(planner.forSchema(schema), view));
      }
      expect(read).toEqual(candidates);
      expect(read.size).toBeLessThan(rules.length / 4);
    });

    it('plans from serialised rules as from the rules themselves', () => {
      const lazy = new RuleSet(new LazyRules(serializeRules(rules)));
      const direct = new RuleSet(rules);
      for (const event of events) {
        const view = new EventView(event);
        const schema = detectSchema(schemas, view);
        expect(lazy.forSchema(schema).compiled.map((c) => c.index)).toEqual(
          direct.forSchema(schema).compiled.map((c) => c.index),
        );
        expect(matchingRules(lazy.forSchema(schema), view)).toEqual(
          matchingRules(direct.forSchema(schema), view),
        );
      }
    });

    it('serialises what matching needs of each rule, and nothing out of range', () => {
      const lazy = new LazyRules(serializeRules(rules));
      expect(lazy.length).toBe(rules.length);
      const last = lazy.at(rules.length - 1)!;
      expect(last.detection).toEqual(rules.at(-1)!.detection);
      expect(last.meta.title).toBe(rules.at(-1)!.meta.title);
      expect(last.meta.tags).toEqual([]);
      expect(lazy.at(rules.length)).toBeUndefined();
      expect(lazy.at(-1)).toBeUndefined();
    });
  },
);
