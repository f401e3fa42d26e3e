// Parallel matching yields exactly what matchEvents yields on one thread: events, schemas, matches, rejections.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../../bench/generate.js';
import { hunt } from '../../src/engine/hunt.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { type MatchItem, matchEvents, type SkippedRules } from '../../src/engine/match-stream.js';
import { parallelMatch, parallelMatchBatches } from '../../src/engine/parallel/parallel-match.js';
import type { SchemaCost } from '../../src/engine/rule-costs.js';
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

  it('hunts over batches of items as over single items: the same alerts and counts', async () => {
    const huntOver = async (matches: Parameters<typeof hunt>[0]['matches']) => {
      const alerts: string[] = [];
      const summary = await hunt({
        rules,
        schemas: huntSchemas('auto'),
        matches,
        onAlert: (alert) => alerts.push(`${alert.file}:${alert.line}:${alert.ruleIndex}`),
      });
      return { alerts, read: summary.eventsRead, rejected: summary.eventsRejected };
    };
    const single = await huntOver(matchEvents(rules, huntSchemas('auto'), readEvents(paths)));
    expect(single.alerts.length).toBeGreaterThan(20);
    for (const threads of [1, 2])
      expect(
        await huntOver(parallelMatchBatches({ rules, eventPaths: paths, threads, pieceBytes: 3000 })),
      ).toEqual(single);
  });

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
    const kept = plans();
    expect(kept).toHaveLength(schemas.size);
    await run(1);
    expect(plans()).toEqual(kept); // every plan read, none computed again
    await run(2);
    await run(2);
    // Workers run the compiled code, this thread the sources: each keeps plans under its own code's key, and which
    // thread computes a schema's plan first is a race. At most one plan per schema and code is ever kept.
    expect(plans()).toEqual(expect.arrayContaining(kept));
    expect(plans().length).toBeLessThanOrEqual(2 * schemas.size);
  });

  it('gives the same items in some order when unordered', async () => {
    const key = (item: unknown) => JSON.stringify(item);
    const got = await collect(
      parallelMatch({ rules, eventPaths: paths, threads: 2, pieceBytes: 5000, unordered: true }),
    );
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('stops early while workers are busy, each time the same first items (workers end only between pieces)', async () => {
    for (const stopAfter of [50, 400, 1200]) {
      const got: MatchItem[] = [];
      for await (const item of parallelMatch({ rules, eventPaths: paths, threads: 3, pieceBytes: 3000 })) {
        got.push(item);
        if (got.length === stopAfter) break;
      }
      expect(got.map(plain)).toEqual(expected.slice(0, stopAfter));
    }
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

  it('counts what each rule cost: the same counts on one thread or two, matches as in the items', async () => {
    const counts = async (threads: number) => {
      const ruleCosts: SchemaCost[] = [];
      const got = await collect(
        parallelMatch({ rules, eventPaths: paths, threads, pieceBytes: 5000, ruleCosts }),
      );
      expect(got).toEqual(expected);
      for (const schema of ruleCosts) {
        expect(schema.prefilterMs).toBeGreaterThan(0);
        expect(schema.evaluationMs).toBeCloseTo(
          schema.rules.reduce((sum, rule) => sum + rule.ms, 0),
          6,
        );
      }
      return ruleCosts
        .flatMap(({ schema, events, rules }) =>
          rules.map(({ rule, evaluations, matches, noAtom }) => ({
            schema,
            events,
            rule,
            evaluations,
            matches,
            noAtom,
          })),
        )
        .sort((a, b) => a.schema.localeCompare(b.schema) || a.rule - b.rule);
    };
    const one = await counts(1);
    expect(await counts(2)).toEqual(one);
    const items = expected as { schema?: string; matches?: number[] }[];
    for (const cost of one) {
      const ofSchema = items.filter((item) => item.schema === cost.schema);
      expect(cost.events).toBe(ofSchema.length);
      expect(cost.matches).toBe(ofSchema.filter((item) => item.matches!.includes(cost.rule)).length);
      expect(cost.evaluations).toBeGreaterThanOrEqual(cost.matches);
      expect(cost.evaluations).toBeLessThanOrEqual(cost.events);
    }
    // Every rule that matched was evaluated; the prefilter leaves most rules unevaluated on most events.
    const matched = new Set(
      items.flatMap((item) => (item.matches ?? []).map((rule) => `${item.schema} ${rule}`)),
    );
    const evaluated = new Set(one.map((cost) => `${cost.schema} ${cost.rule}`));
    for (const key of matched) expect(evaluated).toContain(key);
    const evaluations = one.reduce((sum, cost) => sum + cost.evaluations, 0);
    expect(evaluations / items.length).toBeLessThan(rules.length / 100);
    // Rules with no literal to look for are evaluated on every event their gate lets through; most rules have one.
    const noAtom = one.filter((cost) => cost.noAtom);
    expect(noAtom.length).toBeGreaterThan(0);
    expect(noAtom.length).toBeLessThan(one.length / 4);
  });

  it('stops its workers when the consumer stops early', async () => {
    let seen = 0;
    for await (const _ of parallelMatch({ rules, eventPaths: paths, threads: 2, pieceBytes: 2000 }))
      if (++seen === 10) break;
    expect(seen).toBe(10);
  });
});
