// Schema plans kept on disk between hunts, keyed by all they are worked out from (dragnet's code, the schema's
// pipelines, the rules), so a hunt with the same rules skips compiling them.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { cacheDir, digestOfCode, KeptFiles } from '../../util/disk-cache.js';
import type { SchemaPlan } from '../schema-plan.js';
import type { EventSchema } from '../schemas.js';

/** Plans kept at most; the least recently used go first (a SigmaHQ plan is 5–10 MB). */
const MAX_PLANS = 12;
const PLAN_SUFFIX = '.plan';

/** Where plans are kept (see `cacheDir`). */
export function defaultPlanCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDir('plans', env);
}

/** Digest of bytes (the serialised rules, see `serializeRules`). */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The schema's pipelines as canonical text (maps as entry lists, non-finite numbers by name): the same for a copy
 * (a worker's), whose v8 serialisation may differ.
 */
function pipelinesText(schema: EventSchema): string {
  return JSON.stringify(Object.values(schema.pipelines), (_key, value: unknown) =>
    value instanceof Map
      ? { map: [...value] }
      : typeof value === 'number' && !Number.isFinite(value)
        ? { number: String(value) }
        : value,
  );
}

export class PlanCache {
  private rules: string | undefined;
  private readonly files: KeptFiles;

  /** `rulesDigest`: the rule set's digest (see `digestOf`), asked for once, when a plan is first needed. */
  constructor(
    readonly dir: string,
    private readonly rulesDigest: () => string,
  ) {
    this.files = new KeptFiles(dir, PLAN_SUFFIX, MAX_PLANS);
  }

  /**
   * The schema's plan for the rules from an earlier run, else `compute()`'s, which is then kept. A file that cannot
   * be read or written only costs the compute: the cache never fails a hunt.
   */
  plan(schema: EventSchema, compute: () => SchemaPlan): SchemaPlan {
    this.rules ??= this.rulesDigest();
    const key = createHash('sha256')
      .update(digestOfCode())
      .update(schema.name)
      .update(pipelinesText(schema))
      .update(this.rules)
      .digest('hex');
    const kept = this.read(key);
    if (kept) return kept;
    const plan = compute();
    this.files.write(key, serialize(plan));
    return plan;
  }

  private read(key: string): SchemaPlan | undefined {
    const bytes = this.files.read(key);
    if (!bytes) return undefined;
    try {
      const plan = deserialize(bytes) as SchemaPlan;
      return plan?.slots instanceof Int32Array && Array.isArray(plan.prefilter?.scanners) ? plan : undefined;
    } catch {
      return undefined; // cut short or damaged: computed again and written over
    }
  }
}
