// `npm run bench`: generates the event set, measures JSON.parse and dragnet with growing rule sets, prints a report.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { nativeAddon } from '../src/engine/native/native-addon.js';
import { loadRules } from '../src/formats/load-rules.js';
import type { Rule } from '../src/ir/rule.js';
import { packageRoot } from '../src/util/package-root.js';
import { machine } from './machine.js';
import type { Extraction, Measurement, MeasureRequest } from './measure.js';
import { eventSet, rulesFile } from './prepare.js';
import { type Row, rate, relativeRate, report, type Target } from './report.js';
import { shuffled, subsetSizes } from './rule-subsets.js';

const run = promisify(execFile);
/**
 * Pairs of all-SigmaHQ rows (1 thread, then all threads) measured again after the table, so that the two-thread
 * target is judged on the median of three pairs rather than on one.
 */
const REPEATED_THREAD_PAIRS = 2;
const SCHEMAS_IN_DATA = ['sysmon', 'ecs'];
/**
 * Rule set compiles measured per corpus, each in a new process: one took anywhere from 1.5 to 2.1 s on this machine
 * within an hour, so the compile target is judged on the median of three.
 */
const COMPILE_RUNS = 3;
/** Rows run as `dragnet hunt` does by default: with the prefilter plans of an earlier run (see `PlanCache`). */
const KEPT_PLANS = 'plans kept by an earlier run';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: String(availableParallelism()) },
    'plant-share': { type: 'string', default: '0.005' },
    record: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (args.help) {
  process.stdout.write(`usage: npm run bench -- [options]

Generates the bench event set (cached in bench/data) and measures dragnet against a JSON.parse baseline with
1, 10, 100, 1000 and all rules of the SigmaHQ and Elastic corpora in ../shared/corpus, on 1 thread and all threads.

  --events N        events in the generated set (default 1000000)
  --seed N          seed of the event set (default 1)
  --threads N       threads of the parallel rows (default: the core count)
  --plant-share X   share of planted true positives (default 0.005)
  --record          add the report to bench/RESULTS.md
  -h, --help        this help
`);
  process.exit(0);
}

const root = packageRoot();
const dataDir = join(root, 'bench/data');
const corpus = join(root, '../shared/corpus');
const events = Number(args.events);
const seed = Number(args.seed);
const threads = Number(args.threads);

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Row a over row b: the ratio of their × JSON.parse and the ratio of their raw events/s. */
function rowRatio(a: Row, b: Row): { relative: number; raw: number } {
  return { relative: relativeRate(a) / relativeRate(b), raw: rate(a) / rate(b) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The ratio of two rows' events/s over the second half of the input (once compiled), as text. */
function laterRatio(a: Row, b: Row): string {
  const [x, y] = [a.result.laterRate, b.result.laterRate];
  return x === undefined || y === undefined ? '–' : `${(x / y).toFixed(2)} ×`;
}

function ratioText(ratio: { relative: number; raw: number }): string {
  return `${ratio.relative.toFixed(2)} × (${ratio.raw.toFixed(2)} × raw)`;
}

async function measure(request: MeasureRequest): Promise<Measurement> {
  const script = join(root, 'dist/bench/measure.js');
  const { stdout } = await run(process.execPath, [script, JSON.stringify(request)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Measurement;
}

interface Corpus {
  name: string;
  rules: Rule[];
  file: string;
}

async function loadCorpora(notes: string[]): Promise<Corpus[]> {
  const sigmaDir = join(corpus, 'sigma');
  const elasticDir = join(corpus, 'elastic');
  if (!existsSync(sigmaDir))
    throw new Error(`the SigmaHQ corpus is absent (${sigmaDir}): nothing to benchmark`);
  const sigma = (await loadRules([sigmaDir])).rules;
  notes.push(`SigmaHQ: ${sigma.length} rules loaded from ${sigmaDir}.`);
  const corpora: Corpus[] = [{ name: 'SigmaHQ', rules: shuffled(sigma, seed), file: '' }];
  if (!existsSync(elasticDir)) notes.push(`Elastic corpus absent (${elasticDir}): not measured.`);
  else {
    const loaded = await loadRules([elasticDir]);
    const elastic = loaded.rules.filter(
      (r) => r.format === 'elastic' && (r.language === 'kuery' || r.language === 'eql'),
    );
    notes.push(
      `Elastic: ${elastic.length} kuery/eql rules of ${loaded.rules.length} loaded from ${elasticDir}.`,
    );
    corpora.push({ name: 'Elastic kuery/eql', rules: shuffled(elastic, seed), file: '' });
  }
  return corpora;
}

async function main(): Promise<void> {
  const notes: string[] = [
    nativeAddon()
      ? 'Native screening (native/): built and on in every row.'
      : 'Native screening: off in every row (its addon is not built, or DRAGNET_NATIVE=0): the JavaScript engine alone.',
  ];
  const corpora = await loadCorpora(notes);
  const set = await eventSet(
    dataDir,
    events,
    seed,
    corpora.flatMap((c) => c.rules),
    Number(args['plant-share']),
  );
  log(
    `event set: ${set.file} (${set.count} events, ${Math.round(set.bytes / 1e6)} MB, ${set.planted} planted)`,
  );
  for (const c of corpora) c.file = rulesFile(dataDir, c.name.split(' ')[0]!.toLowerCase(), c.rules);

  const rows: Row[] = [];
  const baselines: Measurement[] = [];
  /** A row measured just after its own baseline (which joins the baselines); `add` also puts it in the table. */
  const measureRow = async (row: Omit<Row, 'result' | 'baseline'>, request: MeasureRequest): Promise<Row> => {
    const baseline = await measure({ mode: 'baseline', eventFile: set.file });
    baselines.push(baseline);
    const result = await measure(request);
    log(
      `${row.run}, ${row.rules ?? '-'} rules, ${row.threads} thread(s): ${Math.round(result.events / result.seconds)} events/s, ${Math.round(result.peakRssMb)} MB (baseline ${Math.round(baseline.events / baseline.seconds)} events/s)`,
    );
    return { ...row, result, baseline };
  };
  const add = async (row: Omit<Row, 'result' | 'baseline'>, request: MeasureRequest) => {
    rows.push(await measureRow(row, request));
  };
  /** The row of the corpus's first `n` rules on `t` threads, and its request. */
  const parallelRow = (
    c: Corpus,
    n: number,
    t: number,
  ): [Omit<Row, 'result' | 'baseline'>, MeasureRequest] => [
    { run: c.name, rules: n, threads: t },
    { mode: 'parallel', eventFile: set.file, rulesFile: c.file, rules: n, threads: t },
  ];
  const compile: string[] = [];
  const compileMs = new Map<string, Record<string, number>>();
  const threadCounts = [...new Set([1, threads])];
  for (const c of corpora) {
    for (const n of subsetSizes(c.rules.length))
      for (const t of threadCounts) await add(...parallelRow(c, n, t));
    const runs: Record<string, number>[] = [];
    for (let i = 0; i < COMPILE_RUNS; i++) {
      const { compileMs: times = {} } = await measure({
        mode: 'compile',
        eventFile: set.file,
        rulesFile: c.file,
        rules: c.rules.length,
        compileSchemas: SCHEMAS_IN_DATA,
      });
      runs.push(times);
    }
    const medians = Object.fromEntries(
      Object.keys(runs[0]!).map((schema) => [schema, median(runs.map((times) => times[schema]!))]),
    );
    compileMs.set(c.name, medians);
    compile.push(
      `${c.name} (${c.rules.length} rules): ${Object.entries(medians)
        .map(
          ([s, ms]) => `${s} ${Math.round(ms)} ms (${runs.map((times) => Math.round(times[s]!)).join(', ')})`,
        )
        .join(', ')}`,
    );
  }
  const sigma = corpora[0]!;
  const repeatedPairs: { one: Row; many: Row }[] = [];
  if (threads > 1)
    for (let i = 0; i < REPEATED_THREAD_PAIRS; i++) {
      const one = await measureRow(...parallelRow(sigma, sigma.rules.length, 1));
      repeatedPairs.push({ one, many: await measureRow(...parallelRow(sigma, sigma.rules.length, threads)) });
    }
  // As `dragnet hunt` runs by default: with the prefilter plans an earlier run kept (made here by compiling once).
  const planCache = join(dataDir, 'plan-cache');
  rmSync(planCache, { recursive: true, force: true });
  const all = { eventFile: set.file, rulesFile: sigma.file, rules: sigma.rules.length, planCache };
  await measure({ mode: 'compile', ...all, compileSchemas: SCHEMAS_IN_DATA });
  for (const t of threadCounts)
    await add(
      { run: `${sigma.name}, ${KEPT_PLANS}`, rules: sigma.rules.length, threads: t },
      { mode: 'parallel', ...all, threads: t },
    );
  await add(
    { run: `${sigma.name}, readEvents + matchEvents`, rules: sigma.rules.length, threads: 1 },
    {
      mode: 'sequential',
      eventFile: set.file,
      rulesFile: sigma.file,
      rules: sigma.rules.length,
    },
  );
  notes.push(
    `Rule set compile time per schema (mapping the rules, planning the prefilter), median of ${COMPILE_RUNS} processes (each one's in brackets): ${compile.join('; ')}.`,
  );
  const { extraction } = await measure({
    mode: 'extract',
    eventFile: set.file,
    rulesFile: sigma.file,
    rules: sigma.rules.length,
  });
  if (extraction) notes.push(extractionNote(extraction, sigma.name));
  notes.push(
    `Rows with 1 thread match on the calling thread; ${threads} threads are the calling thread and ` +
      `${threads - 1} worker thread${threads > 2 ? 's' : ''} (parallelMatch).`,
    'First result s: seconds from the start of a row until the first event is matched, most of it compiling the ' +
      "rule set (with workers: the calling thread computes the schema plans of the first events' schemas, one " +
      'after the other, and the workers read them). ' +
      '2nd half events/s: the rate over the second half of the input, when every schema is compiled.',
  );
  const byRate = [...baselines].sort((a, b) => a.events / a.seconds - b.events / b.seconds);
  const speed = (m: Measurement) => Math.round(m.events / m.seconds).toLocaleString('en-US');
  rows.unshift({ run: 'JSON.parse baseline', threads: 1, result: byRate[byRate.length >> 1]! });
  notes.push(
    `The JSON.parse baseline is measured just before each row, and each row's × JSON.parse is against its own ` +
      `baseline, so that the machine's drift during the run cancels out; the baseline row shows the median of the ` +
      `${baselines.length} baseline measurements (${speed(byRate[0]!)}–${speed(byRate[byRate.length - 1]!)} events/s). ` +
      `A target comparing two rows is met only if both the ratio of their × JSON.parse and the ratio of their ` +
      `events/s are (baselines drift too).`,
  );

  const find = (name: string, n: number, t: number) =>
    rows.find((r) => r.run === name && r.rules === n && r.threads === t)!;
  const allRow1 = find(sigma.name, sigma.rules.length, 1);
  const all1 = relativeRate(allRow1);
  const allToTen = rowRatio(allRow1, find(sigma.name, 10, 1));
  const allRowN = find(sigma.name, sigma.rules.length, threads);
  const threadPairs = [{ one: allRow1, many: allRowN }, ...repeatedPairs];
  const pairRatios = threadPairs.map(({ one, many }) => rowRatio(many, one));
  const threadGain = {
    relative: median(pairRatios.map((r) => r.relative)),
    raw: median(pairRatios.map((r) => r.raw)),
  };
  if (repeatedPairs.length)
    notes.push(
      `The all-${sigma.name} rows on 1 and ${threads} threads were measured ${repeatedPairs.length} more times after ` +
        `the table, alternately (1 thread: ${threadPairs.map(({ one }) => speed(one.result)).join(', ')} events/s; ` +
        `${threads} threads: ${threadPairs.map(({ many }) => speed(many.result)).join(', ')}). The two-thread target is ` +
        `judged on the median of the ${threadPairs.length} pairs' ratios (${pairRatios.map(ratioText).join('; ')}): ` +
        'a single pair has ranged from 1.33 to 1.69 × raw between runs on this shared machine.',
    );
  if (threads > 1) {
    const kept1 = find(`${sigma.name}, ${KEPT_PLANS}`, sigma.rules.length, 1);
    const keptN = find(`${sigma.name}, ${KEPT_PLANS}`, sigma.rules.length, threads);
    const first = (row: Row) => `${row.result.firstSeconds?.toFixed(2)} s`;
    notes.push(
      `Rows "${KEPT_PLANS}" read the schema plans from the folder \`dragnet hunt\` keeps them in (\`--plan-cache\`, ` +
        `filled beforehand by compiling the rules once): a hunt that is not the first with its rules. There ` +
        `${threads} threads run ${ratioText(rowRatio(keptN, kept1))} the speed of 1 thread end to end; first result ` +
        `${first(kept1)} on 1 thread, ${first(keptN)} on ${threads} (compiling afresh: ${first(allRow1)}, ${first(allRowN)}). ` +
        'The targets are judged on the rows that compile afresh.',
    );
  }
  const compileAll = Math.max(...Object.values(compileMs.get(sigma.name) ?? { none: Number.NaN }));
  /** A row's peak RSS, and its peak when half the input was matched: equal if memory does not grow with input. */
  const rssText = ({ result }: Row) =>
    `${Math.round(result.peakRssMb)} MB (${result.halfRssMb === undefined ? '–' : Math.round(result.halfRssMb)} MB at half input)`;
  const bigRss = Math.max(...rows.filter((r) => (r.rules ?? 0) >= 3000).map((r) => r.result.peakRssMb));
  const targets: Target[] = [
    {
      name: 'all SigmaHQ rules, 1 thread ≥ 0.8 × JSON.parse',
      value: `${all1.toFixed(2)} ×`,
      met: all1 >= 0.8,
    },
    {
      name: 'all rules ≥ 0.9 × 10 rules (SigmaHQ, 1 thread)',
      value: ratioText(allToTen),
      met: Math.min(allToTen.relative, allToTen.raw) >= 0.9,
    },
    {
      name: `${threads} threads ≥ 1.7 × 1 thread (all SigmaHQ)`,
      value: `${ratioText(threadGain)}${threadPairs.length > 1 ? `, median of ${threadPairs.length} pairs` : ''}; 2nd half ${laterRatio(allRowN, allRow1)}`,
      met: Math.min(threadGain.relative, threadGain.raw) >= 1.7,
    },
    {
      name: 'peak RSS ≤ 300 MB with ≥ 3000 rules',
      value: `${Math.round(bigRss)} MB; all SigmaHQ ${rssText(allRow1)} on 1 thread, ${rssText(allRowN)} on ${threads}`,
      met: bigRss <= 300,
    },
    {
      name: `compile all SigmaHQ ≤ 2 s (slowest schema, median of ${COMPILE_RUNS})`,
      value: `${Math.round(compileAll)} ms`,
      met: compileAll <= 2000,
    },
  ];
  const text = report(machine(), set, seed, rows, notes, targets);
  process.stdout.write(text);
  if (args.record) recordResult(join(root, 'bench/RESULTS.md'), text);
}

/** Whether reading only the fields rules need would beat parsing every event, from the `extract` figures. */
function extractionNote(figures: Extraction, corpusName: string): string {
  const { events: measured, parseMicros: parse, walkMicros: walk, unneededShare: unneeded } = figures;
  const lazy = walk + (1 - unneeded) * parse;
  const us = (micros: number) => `${micros.toFixed(2)} µs`;
  return (
    `Reading only the fields rules need instead of parsing each event (first ${measured.toLocaleString('en-US')} ` +
    `events): JSON.parse takes ` +
    `${us(parse)} per event; one pass over the text that builds nothing, the least an extractor written in JS ` +
    `does, ${us(walk)}. ${(unneeded * 100).toFixed(1)} % of the events have no candidate among all ` +
    `${corpusName} rules, the only ones such a reader could leave unparsed, so it would cost at least ` +
    `${us(walk)} + ${(1 - unneeded).toFixed(2)} × ${us(parse)} = ${us(lazy)} per event: ` +
    `${comparison(lazy, parse)} parsing every event.`
  );
}

/** Within this share of each other, two per-event costs measured on this machine are a tie. */
const TIE = 0.05;

function comparison(cost: number, other: number): string {
  if (Math.abs(cost - other) <= TIE * other) return 'about as much as (within 5 %)';
  return cost < other ? 'less than' : 'more than';
}

/** Puts the report first among the runs in RESULTS.md (newest first), after the file's introduction. */
function recordResult(file: string, text: string): void {
  const results = readFileSync(file, 'utf8');
  const firstRun = results.indexOf('\n## ');
  const at = firstRun < 0 ? results.length : firstRun + 1;
  writeFileSync(file, `${results.slice(0, at)}${text}\n${results.slice(at)}`);
}

main().catch((error: Error) => {
  log(`bench: ${error.message}`);
  process.exit(1);
});
