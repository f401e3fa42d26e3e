// The rules as matching threads get them: serialised one by one, without the descriptive metadata, and read on demand.
import { deserialize, serialize } from 'node:v8';
import type { Rule } from '../../ir/rule.js';
import { digestOf, PlanCache } from '../prefilter/plan-cache.js';
import type { RuleList } from '../rule-set.js';

/** Each rule's matching parts v8-serialised on its own, one after the other (also the plan cache's rules digest). */
export interface SerializedRules {
  bytes: Uint8Array;
  /** Where each rule's bytes end in `bytes`. */
  ends: Int32Array;
}

/** What matching needs of a rule: everything but the descriptive metadata. */
function forMatching(rule: Rule): Rule {
  const { id, title } = rule.meta;
  const meta = {
    id,
    title,
    references: [],
    falsepositives: [],
    tags: [],
    attack: { tactics: [], techniques: [] },
  };
  return { ...rule, meta, extra: {}, query: undefined };
}

/** The rules' matching parts, serialised (`shared`: into shared memory, which workers read without a copy). */
export function serializeRules(rules: readonly Rule[], shared = false): SerializedRules {
  const parts = rules.map((rule) => serialize(forMatching(rule)));
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
  const ends = new Int32Array(
    shared ? new SharedArrayBuffer(4 * parts.length) : new ArrayBuffer(4 * parts.length),
  );
  let end = 0;
  parts.forEach((part, index) => {
    bytes.set(part, end);
    end += part.length;
    ends[index] = end;
  });
  return { bytes, ends };
}

/**
 * Serialised rules read one by one, when first asked for: a worker given a plan evaluates the few hundred rules that
 * are ever candidates, and reading all of SigmaHQ's up front cost it ~0.3 s and ~25 MB of heap.
 */
export class LazyRules implements RuleList {
  private readonly read: (Rule | undefined)[];

  constructor(private readonly serialized: SerializedRules) {
    this.read = new Array<Rule | undefined>(serialized.ends.length);
  }

  get length(): number {
    return this.serialized.ends.length;
  }

  at(index: number): Rule | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const { bytes, ends } = this.serialized;
    this.read[index] ??= deserialize(bytes.subarray(index ? ends[index - 1]! : 0, ends[index]!)) as Rule;
    return this.read[index];
  }
}

/** Plans kept in `dir` for these rules, keyed by their serialised matching parts (as the workers' plan caches are). */
export function rulesPlanCache(dir: string, rules: readonly Rule[]): PlanCache {
  return new PlanCache(dir, () => digestOf(serializeRules(rules).bytes));
}
