// `hunt --engine duckdb|postgres` gives the same alerts (same JSON) as the native hunt on the bundled samples.
// PostgreSQL runs when DRAGNET_PG_URL is set (.ci/run installs and starts a server on loopback).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where these runs keep plans and parsed rule files (not the user's cache). */
const CACHE = mkdtempSync(join(tmpdir(), 'dragnet-database-cache-'));

function alerts(args: string[]): string[] {
  const run = spawnSync('node', ['bin/dragnet.js', 'hunt', '-r', 'examples/rules', '-f', 'jsonl', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DRAGNET_CACHE_DIR: CACHE },
  });
  return run.stdout.trim().split('\n').filter(Boolean).sort();
}

/** Each sample file with the pipeline the native auto-detection picks for its schema. */
const SAMPLES: [file: string, pipeline: string][] = [
  ['examples/events/linux-sysmon.jsonl', 'sysmon'],
  ['examples/events/windows-sysmon.json', 'sysmon'],
  ['examples/events/ecs-endpoint.jsonl', 'ecs'],
];

describe('hunt --engine duckdb', () => {
  for (const [file, pipeline] of SAMPLES) {
    it(`${file}: same alerts as the native engine`, () => {
      const native = alerts(['-e', file]);
      expect(native.length).toBeGreaterThan(1);
      expect(alerts(['-e', file, '--engine', 'duckdb', '-p', pipeline])).toEqual(native);
    });
  }
});

const pgUrl = process.env.DRAGNET_PG_URL;
describe.skipIf(!pgUrl)('hunt --engine postgres (DRAGNET_PG_URL)', () => {
  for (const [file, pipeline] of SAMPLES) {
    it(`${file}: same alerts as the native engine`, () => {
      const native = alerts(['-e', file]);
      const table = `dragnet_test_${process.pid}`;
      expect(
        alerts(['-e', file, '--engine', 'postgres', '--connect', pgUrl!, '--table', table, '-p', pipeline]),
      ).toEqual(native);
    });
  }
});
