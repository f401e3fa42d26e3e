// `npm run bench`: generates the event set, then measures a JSON.parse baseline and dragnet at several rule counts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/formats/load-rules.js';
import { writeEvents } from './generate.js';
import type { Measurement } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const SHARED = resolve(ROOT, '../shared/corpus');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function measure(args: string[]): Measurement & { rules?: number } {
  const out = execFileSync(process.execPath, [join(HERE, 'measure.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out) as Measurement & { rules?: number };
}

async function main(): Promise<void> {
  const count = Number(option('events', '1000000'));
  const seed = Number(option('seed', '42'));
  const sigmaRoot = join(SHARED, 'sigma');
  const elasticRoot = join(SHARED, 'elastic');
  if (!existsSync(sigmaRoot)) {
    console.error(`The SigmaHQ corpus is absent (${sigmaRoot}): the benchmark needs ../shared/corpus beside the repository.`);
    process.exitCode = 1;
    return;
  }
  const dataDir = join(ROOT, 'bench/data');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `events-${count}-${seed}.jsonl`);
  if (!existsSync(file)) {
    console.log(`generating ${count} events (seed ${seed}) into ${file} …`);
    const { rules } = await loadRules([sigmaRoot]);
    const written = await writeEvents(file, { count, seed, rules, plantShare: 0.02 });
    console.log(`  ${(written.bytes / 1e6).toFixed(1)} MB, ${written.planted} planted true positives`);
  }
  const mb = statSync(file).size / 1e6;
  const threads = availableParallelism();
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${threads} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
  console.log(`events: ${count}, ${mb.toFixed(1)} MB\n`);
  const base = measure(['baseline', file]);
  const baseRate = base.events / base.seconds;
  console.log(`JSON.parse baseline: ${Math.round(baseRate)} events/s, ${(mb / base.seconds).toFixed(1)} MB/s, peak RSS ${Math.round(base.peakRssMb)} MB\n`);
  console.log('| rules | threads | events/s | MB/s | × baseline | peak RSS MB | compile s | matches |');
  console.log('|---|---|---|---|---|---|---|---|');
  const cases: [string, string, string][] = [
    ...['1', '10', '100', '1000', 'all'].map((n): [string, string, string] => ['sigma', sigmaRoot, n]),
    ...(existsSync(elasticRoot) ? [['elastic', elasticRoot, 'all'] as [string, string, string]] : []),
  ];
  for (const [corpus, root, n] of cases) {
    for (const t of [1, threads]) {
      const m = measure(['dragnet', file, corpus, root, n, String(t)]);
      const rate = m.events / m.seconds;
      console.log(
        `| ${corpus} ${m.rules} | ${t} | ${Math.round(rate)} | ${(mb / m.seconds).toFixed(1)} | ${(rate / baseRate).toFixed(2)} | ${Math.round(m.peakRssMb)} | ${m.compileSeconds?.toFixed(2)} | ${m.matches} |`,
      );
    }
  }
}

await main();
