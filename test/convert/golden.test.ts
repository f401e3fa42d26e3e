// The bundled example rules convert to every target exactly as in the hand-reviewed golden files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/convert/targets.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where these runs keep parsed rule files (not the user's cache). */
const CACHE = mkdtempSync(join(tmpdir(), 'dragnet-golden-cache-'));

describe('dragnet convert on the examples', () => {
  for (const target of TARGETS) {
    it(`${target.name} matches test/fixtures/golden/examples.${target.name}.jsonl`, () => {
      const run = spawnSync(
        'node',
        ['bin/dragnet.js', 'convert', '-t', target.name, '-f', 'jsonl', 'examples/rules'],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DRAGNET_CACHE_DIR: CACHE } },
      );
      const golden = readFileSync(join(ROOT, `test/fixtures/golden/examples.${target.name}.jsonl`), 'utf8');
      expect(run.stdout).toBe(golden);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => Object.keys(l))).toEqual(
        lines.map((l) =>
          l.ok ? ['id', 'source', 'target', 'ok', 'query'] : ['id', 'source', 'target', 'ok', 'error'],
        ),
      );
      expect(run.status).toBe(lines.every((l) => l.ok) ? 0 : 1);
    });
  }
});
