// Prefilter plans kept on disk between hunts, keyed by all they are worked out from (dragnet's code, the schema's
// pipelines, the rules), so a hunt with the same rules skips the costliest part of compiling them.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { EventSchema } from '../schemas.js';
import type { PrefilterPlan } from './prefilter-plan.js';

/** Plans kept at most; the least recently used go first (a SigmaHQ plan is 5–10 MB). */
const MAX_PLANS = 12;
const PLAN_SUFFIX = '.plan';

/**
 * Where plans are kept: `$DRAGNET_CACHE_DIR/plans`, else `$XDG_CACHE_HOME/dragnet/plans`, else
 * `~/.cache/dragnet/plans`.
 */
export function defaultPlanCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DRAGNET_CACHE_DIR) return join(env.DRAGNET_CACHE_DIR, 'plans');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dragnet', 'plans');
}

let codeDigest: string | undefined;

/** Digest of dragnet's code files (compiled or sources, whichever runs): a plan is valid only for the code that made it. */
function digestOfCode(): string {
  if (codeDigest) return codeDigest;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(js|ts|json|ya?ml)$/.test(entry.name))
        hash.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  visit(root);
  codeDigest = hash.digest('hex');
  return codeDigest;
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

  /** `rulesDigest`: the rule set's digest (see `digestOf`), asked for once, when a plan is first needed. */
  constructor(
    readonly dir: string,
    private readonly rulesDigest: () => string,
  ) {}

  /**
   * The schema's plan for the rules from an earlier run, else `compute()`'s, which is then kept. A file that cannot
   * be read or written only costs the compute: the cache never fails a hunt.
   */
  plan(schema: EventSchema, compute: () => PrefilterPlan): PrefilterPlan {
    this.rules ??= this.rulesDigest();
    const key = createHash('sha256')
      .update(digestOfCode())
      .update(schema.name)
      .update(pipelinesText(schema))
      .update(this.rules)
      .digest('hex');
    const file = join(this.dir, `${key}${PLAN_SUFFIX}`);
    const kept = this.read(file);
    if (kept) return kept;
    const plan = compute();
    this.write(file, plan);
    return plan;
  }

  private read(file: string): PrefilterPlan | undefined {
    try {
      const plan = deserialize(readFileSync(file)) as PrefilterPlan;
      if (!Array.isArray(plan?.scanners) || !(plan.slotOfBranch instanceof Int32Array)) return undefined;
      const now = new Date();
      utimesSync(file, now, now);
      return plan;
    } catch {
      return undefined; // absent, unreadable or cut short: computed again and written over
    }
  }

  private write(file: string, plan: PrefilterPlan): void {
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 }); // a plan decides which rules run: the user's alone
      writeFileSync(partial, serialize(plan));
      renameSync(partial, file); // whole or not at all, whatever other hunts read meanwhile
      this.evict();
    } catch {
      try {
        unlinkSync(partial);
      } catch {
        // never written
      }
    }
  }

  /** Removes the least recently used plans beyond `MAX_PLANS`. */
  private evict(): void {
    const plans = readdirSync(this.dir)
      .filter((name) => name.endsWith(PLAN_SUFFIX))
      .map((name) => {
        const path = join(this.dir, name);
        return { path, used: statSync(path).mtimeMs };
      })
      .sort((a, b) => b.used - a.used);
    for (const { path } of plans.slice(MAX_PLANS)) unlinkSync(path);
  }
}
