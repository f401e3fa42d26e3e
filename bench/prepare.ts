// Benchmark inputs on disk (bench/data, git-ignored): the event set, regenerated only when its recipe changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { Rule } from '../src/ir/rule.js';
import { writeEvents } from './generate.js';

/** Bump when the generator changes what it writes, so cached event sets are rebuilt. */
const GENERATOR_VERSION = 1;

export interface EventSet {
  file: string;
  count: number;
  bytes: number;
  planted: number;
}

/** The event set for this recipe, generated on first use. */
export async function eventSet(
  dataDir: string,
  count: number,
  seed: number,
  plantRules: readonly Rule[],
  plantShare: number,
): Promise<EventSet> {
  mkdirSync(dataDir, { recursive: true });
  const base = join(dataDir, `events-${count}-seed${seed}`);
  const recipe = { version: GENERATOR_VERSION, count, seed, plantShare, plantRules: plantRules.length };
  const metaFile = `${base}.meta.json`;
  const file = `${base}.jsonl`;
  if (existsSync(metaFile) && existsSync(file)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
      recipe: unknown;
      bytes: number;
      planted: number;
    };
    if (JSON.stringify(meta.recipe) === JSON.stringify(recipe))
      return { file, count, bytes: meta.bytes, planted: meta.planted };
  }
  const { bytes, planted } = await writeEvents(file, { count, seed, rules: plantRules, plantShare });
  writeFileSync(metaFile, JSON.stringify({ recipe, bytes, planted }));
  return { file, count, bytes, planted };
}

/** Writes rules for the measuring processes (v8 serialisation keeps the IR exactly). */
export function rulesFile(dataDir: string, name: string, rules: readonly Rule[]): string {
  const file = join(dataDir, `rules-${name}.bin`);
  writeFileSync(file, serialize(rules));
  return file;
}
