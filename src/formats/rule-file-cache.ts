// Rule files parsed by earlier runs, kept with the identity of each file (device, inode, size, change times): a file
// that has not changed since is neither read nor parsed again (all of SigmaHQ: ~2.9 s to parse, ~0.6 s kept).
import type { Stats } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { LoadResult } from '../ir/rule.js';
import { KeptFiles } from '../util/disk-cache.js';
import type { SigmaFilter } from './sigma/load.js';

/** What one rule file loads to. */
export interface ParsedRuleFile extends LoadResult {
  filters: SigmaFilter[];
}

interface KeptFile {
  identity: string;
  parsed: ParsedRuleFile;
}

/** Rule sets kept at most (one per set of paths loaded); the least recently used go first. */
const MAX_RULE_SETS = 8;
const SUFFIX = '.rules';

/** What changes when the file does: a file written in place keeps its inode but not its times. */
export function fileIdentity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

export class RuleFileCache {
  /** Files kept by the last run; those read in this one (`used`), which the next run gets. */
  private readonly kept: Map<string, KeptFile>;
  private readonly used = new Map<string, KeptFile>();
  private changed = false;

  private constructor(
    private readonly files: KeptFiles,
    private readonly key: string,
  ) {
    this.kept = RuleFileCache.unpack(files.read(key));
  }

  /** The rule files kept in `dir` under `key` (a digest of all the files' parses depend on, see `loadRules`). */
  static open(dir: string, key: string): RuleFileCache {
    return new RuleFileCache(new KeptFiles(dir, SUFFIX, MAX_RULE_SETS), key);
  }

  private static unpack(bytes: Buffer | undefined): Map<string, KeptFile> {
    if (!bytes) return new Map();
    try {
      const kept = deserialize(bytes) as unknown;
      return kept instanceof Map ? (kept as Map<string, KeptFile>) : new Map();
    } catch {
      return new Map(); // cut short or damaged: parsed again and written over
    }
  }

  /** The file's parse from an earlier run, if the file is still the one it was made from. */
  get(file: string, identity: string): ParsedRuleFile | undefined {
    const kept = this.kept.get(file);
    if (kept?.identity !== identity) return undefined;
    this.used.set(file, kept);
    return kept.parsed;
  }

  set(file: string, identity: string, parsed: ParsedRuleFile): void {
    this.used.set(file, { identity, parsed });
    this.changed = true;
  }

  /** Keeps the files of this run for the next (only if some file was parsed, or one kept is gone). */
  save(): void {
    if (this.changed || this.used.size !== this.kept.size) this.files.write(this.key, serialize(this.used));
  }
}
