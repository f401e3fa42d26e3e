// One benchmark measurement in its own process (so peak RSS is its own): prints one JSON line with the result.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import { EventView, type JsonObject } from '../src/engine/event-view.js';
import { huntSchemas } from '../src/engine/hunt-pipelines.js';
import type { MatchItem } from '../src/engine/match-stream.js';
import { itemsOf, matchEvents } from '../src/engine/match-stream.js';
import { parallelMatchBatches } from '../src/engine/parallel/parallel-match.js';
import { rulesPlanCache } from '../src/engine/parallel/rules-for-matching.js';
import { RuleSet } from '../src/engine/rule-set.js';
import { detectSchema } from '../src/engine/schemas.js';
import { readEvents } from '../src/io/read-events.js';
import type { Rule } from '../src/ir/rule.js';
import { limitHeapGrowth } from '../src/util/heap-growth.js';
import { countKeys } from './text-walk.js';

const NEWLINE = 0x0a;

export interface Measurement {
  events: number;
  matches: number;
  rejected: number;
  seconds: number;
  peakRssMb: number;
  /** Seconds until the first event's result (rows that match: most of it is compiling the rule set). */
  firstSeconds?: number;
  /** Events/s over the second half of the input, when the rule set is compiled (rows that match). */
  laterRate?: number;
  /** Peak RSS when half the input was matched (rows that match): as at the end if memory does not grow with input. */
  halfRssMb?: number;
  /** Rule set compile time per schema, milliseconds (when asked for). */
  compileMs?: Record<string, number>;
  extraction?: Extraction;
}

/** What reading only the fields rules need, instead of parsing each event, could save (issue #5, item 3). */
export interface Extraction {
  /** Events measured (the first of the file). */
  events: number;
  /** Microseconds per event: JSON.parse of its line, and a walk over the line that builds nothing (`countKeys`). */
  parseMicros: number;
  walkMicros: number;
  /** Share of the events for which the prefilter finds no candidate rule: the only ones left unparsed. */
  unneededShare: number;
}

export interface MeasureRequest {
  /**
   * `compile`: only the rule set compile time per schema (in its own process, so it adds nothing to a row's RSS);
   * `extract`: the `Extraction` figures over the first `EXTRACTION_EVENTS` events.
   */
  mode: 'baseline' | 'parallel' | 'sequential' | 'compile' | 'extract';
  eventFile: string;
  /** File with the v8-serialised rules (already in benchmark order) and how many of them to use. */
  rulesFile?: string;
  rules?: number;
  threads?: number;
  /** Schemas whose rule set compile time to report. */
  compileSchemas?: string[];
  /** Folder of prefilter plans kept between runs (as `dragnet hunt --plan-cache`): read, or computed and kept. */
  planCache?: string;
}

/**
 * Reads the file in 1 MiB chunks, splits lines on the bytes and decodes and parses each: the cost of reading the
 * input at all, done as fast as plain code can. (Decoding whole chunks instead is over twice as slow here: one
 * character outside Latin-1 makes a chunk's text, and every line cut from it, two bytes per character, which
 * JSON.parse reads more slowly.)
 */
async function baseline(file: string): Promise<Omit<Measurement, 'seconds' | 'peakRssMb'>> {
  let events = 0;
  await forEachLine(file, (bytes, start, end) => {
    JSON.parse(bytes.toString('utf8', start, end));
    events++;
    return true;
  });
  return { events, matches: 0, rejected: 0 };
}

/**
 * Calls `onLine` with the bytes of each non-empty line of the file (read in 1 MiB chunks, split on the bytes) until
 * it returns false.
 */
async function forEachLine(
  file: string,
  onLine: (bytes: Buffer, start: number, end: number) => boolean,
): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      if (end > start && onLine(bytes, start, end) === false) return;
      start = end + 1;
    }
    rest = bytes.subarray(start);
  }
  if (rest.toString('utf8').trim()) onLine(rest, 0, rest.length);
}

/** Items between two looks at the clock while counting. */
const CLOCK_EVERY = 1 << 14;

/**
 * Counts the items, given one by one or in batches as `dragnet hunt` takes them; times from `start` (a
 * `performance.now()`): the first item, and each CLOCK_EVERY-th.
 */
async function count(
  stream: AsyncIterable<MatchItem | readonly MatchItem[]>,
  start: number,
): Promise<Omit<Measurement, 'seconds' | 'peakRssMb'>> {
  let events = 0;
  let matches = 0;
  let rejected = 0;
  let firstSeconds: number | undefined;
  const clock: number[] = [];
  const peakRss: number[] = [];
  for await (const got of stream) {
    for (const item of itemsOf(got)) {
      if ('rejected' in item) rejected++;
      else {
        events++;
        matches += item.matched.matches.length;
      }
      const seen = events + rejected;
      if (seen === 1) firstSeconds = (performance.now() - start) / 1000;
      if (seen % CLOCK_EVERY === 0) {
        clock.push(performance.now());
        peakRss.push(process.resourceUsage().maxRSS / 1024);
      }
    }
  }
  const seen = events + rejected;
  // From the clock reading at or after the middle of the input to the end.
  const half = Math.ceil(seen / 2 / CLOCK_EVERY) - 1;
  const laterRate =
    half >= 0 && half < clock.length
      ? ((seen - (half + 1) * CLOCK_EVERY) * 1000) / (performance.now() - clock[half]!)
      : undefined;
  return { events, matches, rejected, firstSeconds, laterRate, halfRssMb: peakRss[half] };
}

function compileTimes(
  rules: readonly Rule[],
  schemaNames: readonly string[],
  planCache: string | undefined,
): Record<string, number> {
  const cache = planCache ? rulesPlanCache(planCache, rules) : undefined;
  const ruleSet = new RuleSet(rules, { cache });
  const out: Record<string, number> = {};
  for (const schema of huntSchemas('auto').filter((s) => schemaNames.includes(s.name))) {
    const start = performance.now();
    ruleSet.forSchema(schema);
    out[schema.name] = performance.now() - start;
  }
  return out;
}

/** Events the extraction figures are measured over (held in memory as text). */
const EXTRACTION_EVENTS = 50_000;
const EXTRACTION_ROUNDS = 5;

/** The first `count` lines of the file, each decoded on its own as the engine's readers do. */
async function firstLines(file: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  await forEachLine(file, (bytes, start, end) => lines.push(bytes.toString('utf8', start, end)) < count);
  return lines;
}

/** Fastest of some rounds, in microseconds per line. */
function microsPerLine(lines: readonly string[], work: (line: string) => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < EXTRACTION_ROUNDS; round++) {
    const start = performance.now();
    for (const line of lines) work(line);
    best = Math.min(best, ((performance.now() - start) * 1000) / lines.length);
  }
  return best;
}

async function extraction(file: string, rules: readonly Rule[]): Promise<Extraction> {
  const lines = await firstLines(file, EXTRACTION_EVENTS);
  const parseMicros = microsPerLine(lines, JSON.parse);
  const walkMicros = microsPerLine(lines, countKeys);
  const ruleSet = new RuleSet(rules);
  const schemas = huntSchemas('auto');
  let unneeded = 0;
  for (const line of lines) {
    const view = new EventView(JSON.parse(line) as JsonObject);
    if (ruleSet.forSchema(detectSchema(schemas, view)).prefilter.candidates(view).length === 0) unneeded++;
  }
  return { events: lines.length, parseMicros, walkMicros, unneededShare: unneeded / lines.length };
}

async function measure(request: MeasureRequest): Promise<Measurement> {
  limitHeapGrowth(request.mode === 'parallel' ? (request.threads ?? 1) : 1); // as `dragnet hunt` does
  const rules = request.rulesFile
    ? (deserialize(await readFile(request.rulesFile)) as Rule[]).slice(0, request.rules)
    : [];
  if (request.mode === 'compile') {
    const compileMs = compileTimes(rules, request.compileSchemas ?? [], request.planCache);
    return { events: 0, matches: 0, rejected: 0, seconds: 0, peakRssMb: 0, compileMs };
  }
  if (request.mode === 'extract') {
    const figures = await extraction(request.eventFile, rules);
    return { events: 0, matches: 0, rejected: 0, seconds: 0, peakRssMb: 0, extraction: figures };
  }
  const start = performance.now();
  const counted =
    request.mode === 'baseline'
      ? await baseline(request.eventFile)
      : request.mode === 'sequential'
        ? await count(matchEvents(rules, huntSchemas('auto'), readEvents([request.eventFile])), start)
        : await count(
            parallelMatchBatches({
              rules,
              eventPaths: [request.eventFile],
              threads: request.threads ?? 1,
              ...(request.planCache ? { planCache: request.planCache } : {}),
            }),
            start,
          );
  const seconds = (performance.now() - start) / 1000;
  return {
    ...counted,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const request = JSON.parse(process.argv[2] ?? '{}') as MeasureRequest;
measure(request).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
