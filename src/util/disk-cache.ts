// Files kept between runs in dragnet's cache folder: named by a digest of what they are made from, written whole or
// not at all, the least recently used removed beyond a count. A cache that cannot be read or written never fails a run.
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

/**
 * The folder of one kind of kept file: `$DRAGNET_CACHE_DIR/<kind>`, else `$XDG_CACHE_HOME/dragnet/<kind>`, else
 * `~/.cache/dragnet/<kind>`.
 */
export function cacheDir(kind: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.DRAGNET_CACHE_DIR) return join(env.DRAGNET_CACHE_DIR, kind);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dragnet', kind);
}

let codeDigest: string | undefined;

/** Digest of dragnet's code files (compiled or sources, whichever runs): what is kept is valid only for the code that made it. */
export function digestOfCode(): string {
  if (codeDigest) return codeDigest;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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

/** Files named `<key><suffix>` in one folder, at most `max` of them. */
export class KeptFiles {
  constructor(
    readonly dir: string,
    private readonly suffix: string,
    private readonly max: number,
  ) {}

  private path(key: string): string {
    return join(this.dir, `${key}${this.suffix}`);
  }

  /** The bytes kept under the key, marked as just used; none when absent or unreadable. */
  read(key: string): Buffer | undefined {
    const file = this.path(key);
    try {
      const bytes = readFileSync(file);
      const now = new Date();
      utimesSync(file, now, now);
      return bytes;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps the bytes under the key, whole or not at all whatever other runs read meanwhile, in a folder readable by
   * its owner only (what is kept decides what runs); then removes the least recently used files beyond `max`.
   */
  write(key: string, bytes: Uint8Array): void {
    const file = this.path(key);
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(partial, bytes);
      renameSync(partial, file);
      this.evict();
    } catch {
      try {
        unlinkSync(partial);
      } catch {
        // never written
      }
    }
  }

  private evict(): void {
    const kept = readdirSync(this.dir)
      .filter((name) => name.endsWith(this.suffix))
      .map((name) => {
        const path = join(this.dir, name);
        return { path, used: statSync(path).mtimeMs };
      })
      .sort((a, b) => b.used - a.used);
    for (const { path } of kept.slice(this.max)) unlinkSync(path);
  }
}
