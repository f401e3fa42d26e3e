// Parallel matching yields exactly what matchEvents yields on one thread: events, schemas, matches, rejections.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../../bench/generate.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { type MatchItem, matchEvents, type SkippedRules } from '../../src/engine/match-stream.js';
import { parallelMatch } from '../../src/engine/parallel/parallel-match.js';
import { loadRules } from '../../src/formats/load-rules.js';
import { readEvents } from '../../src/io/read-events.js';
import type { Rule } from '../../src/ir/rule.js';
import { absentNote, SIGMA_CORPUS } from '../helpers/shared.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Plain data of an item (a lazily parsed event is read), for deep comparison. */
function plain(item: MatchItem): unknown {
  if ('rejected' in item) return { rejected: { ...item.rejected } };
  const { record, schema, matches } = item.matched;
  return { file: record.file, line: record.line, event: record.event, schema, matches };
}

async function collect(items: AsyncIterable<MatchItem>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of items) out.push(plain(item));
  return out;
}

/** Input files in every shape the reader accepts, with broken records among them. */
function writeInputs(dir: string, rules: readonly Rule[]): string[] {
  const lines = [...generateEvents({ count: 1500, seed: 5, rules, plantShare: 0.05 })].map((e) => e.line);
  const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  writeFileSync(join(dir, 'a.jsonl'), `${lines.slice(0, 600).join('\n')}\n`);
  writeFileSync(join(sub, 'b.jsonl.gz'), gzipSync(`${lines.slice(600, 900).join('\r\n')}`));
  writeFileSync(join(sub, 'c.json'), `[\n${lines.slice(900, 1000).join(',\n')}\n]\n`);
  writeFileSync(
    join(dir, 'd.json'),
    events
      .slice(1000, 1100)
      .map((e) => JSON.stringify(e, null, 2))
      .join('\n'),
  );
  const broken = [
    ...lines.slice(1100, 1150),
    '{"EventID": 1, "Image": "C:\\\\x.exe"',
    ...lines.slice(1150, 1200),
    'not json at all',
    '{"CommandLine": "line',
    'break"}',
    '{"a": 1} {"b": 2}',
    '{"a": tru}',
    ...lines.slice(1200, 1300),
    '{"unclosed": {"x": 1}',
  ];
  writeFileSync(join(dir, 'e.ndjson'), broken.join('\n'));
  writeFileSync(join(dir, 'f.jsonl'), '');
  writeFileSync(join(dir, 'g.jsonl'), `\ufeff${lines.slice(1300).join('\n')}`);
  return [dir, join(dir, 'missing.jsonl')];
}

const present = existsSync(SIGMA_CORPUS);

describe.skipIf(!present)(`parallelMatch${absentNote(SIGMA_CORPUS)}`, () => {
  let dir: string;
  let rules: Rule[];
  let paths: string[];
  let expected: unknown[];
  const expectedSkipped: SkippedRules = new Map();

  beforeAll(async () => {
    // Workers run the compiled worker script: build it from the current sources.
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // type errors elsewhere in the tree do not stop tsc from writing dist/
    }
    rules = (await loadRules([SIGMA_CORPUS])).rules;
    dir = mkdtempSync(join(tmpdir(), 'dragnet-parallel-'));
    paths = writeInputs(dir, rules);
    expected = await collect(matchEvents(rules, huntSchemas('auto'), readEvents(paths), expectedSkipped));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a varied input with matches and rejections', () => {
    const items = expected as { rejected?: unknown; matches?: number[] }[];
    expect(items.length).toBeGreaterThan(1400);
    expect(items.filter((i) => i.rejected).length).toBeGreaterThan(5);
    expect(items.filter((i) => i.matches?.length).length).toBeGreaterThan(20);
  });

  for (const threads of [1, 2, 3]) {
    it(`gives the same items in the same order with ${threads} thread(s) and small pieces`, async () => {
      const skipped: SkippedRules = new Map();
      const got = await collect(
        parallelMatch({ rules, eventPaths: paths, threads, pieceBytes: 3000, skipped }),
      );
      expect(got).toEqual(expected);
      expect(skipped).toEqual(expectedSkipped);
    });
  }

  it('gives the same items with prefilter plans kept by an earlier run, on one thread or two', async () => {
    const planCache = join(dir, 'plans');
    const plans = () =>
      readdirSync(planCache)
        .filter((name) => name.endsWith('.plan'))
        .sort();
    const schemas = new Set((expected as { schema?: string }[]).flatMap((item) => item.schema ?? []));
    const run = async (threads: number) => {
      const got = await collect(
        parallelMatch({ rules, eventPaths: paths, threads, pieceBytes: 5000, planCache }),
      );
      expect(got).toEqual(expected);
    };
    await run(1);
    expect(plans()).toHaveLength(schemas.size);
    await run(2); // workers run the compiled code, this thread the sources: plans of their own
    const kept = plans();
    await run(1);
    await run(2);
    expect(plans()).toEqual(kept);
  });

  it('gives the same items in some order when unordered', async () => {
    const key = (item: unknown) => JSON.stringify(item);
    const got = await collect(
      parallelMatch({ rules, eventPaths: paths, threads: 2, pieceBytes: 5000, unordered: true }),
    );
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('uses the named pipeline in every worker', async () => {
    const sequential = await collect(
      matchEvents(rules, huntSchemas('sysmon'), readEvents([join(dir, 'a.jsonl')])),
    );
    const got = await collect(
      parallelMatch({ rules, pipeline: 'sysmon', eventPaths: [join(dir, 'a.jsonl')], threads: 2 }),
    );
    expect(got).toEqual(sequential);
  });

  it('stops its workers when the consumer stops early', async () => {
    let seen = 0;
    for await (const _ of parallelMatch({ rules, eventPaths: paths, threads: 2, pieceBytes: 2000 }))
      if (++seen === 10) break;
    expect(seen).toBe(10);
  });
});
