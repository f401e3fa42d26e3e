// One benchmark measurement in its own process (so peak RSS is its own): a baseline parse or a dragnet run.
import { createReadStream } from 'node:fs';
import { loadRules } from '../src/formats/load-rules.js';
import type { Rule } from '../src/ir/rule.js';
import { parallelMatch } from '../src/engine/parallel/parallel-match.js';
import { RuleSet } from '../src/engine/rule-set.js';
import { huntSchemas } from '../src/engine/schemas.js';

export interface Measurement {
  events: number;
  matches: number;
  seconds: number;
  peakRssMb: number;
  compileSeconds?: number;
}

/** The JSON.parse-only baseline: read the same bytes, split lines, parse each. */
async function baseline(file: string): Promise<Measurement> {
  const started = performance.now();
  let events = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) {
      JSON.parse(line);
      events++;
    }
  }
  if (rest) {
    JSON.parse(rest);
    events++;
  }
  return { events, matches: 0, seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** The rule set of a benchmark case: the first `count` loadable rules of a corpus (evenly spread). */
export async function benchRules(corpus: 'sigma' | 'elastic', root: string, count: number | 'all'): Promise<Rule[]> {
  const { rules } = await loadRules([root]);
  const usable = rules.filter(
    (r) => r.detection && !r.notEvaluable.length && (corpus === 'sigma' || r.language === 'kuery' || r.language === 'eql'),
  );
  if (count === 'all' || count >= usable.length) return usable;
  const step = usable.length / count;
  return Array.from({ length: count }, (_, i) => usable[Math.floor(i * step)]!);
}

async function dragnet(file: string, rules: Rule[], threads: number): Promise<Measurement> {
  const compileStarted = performance.now();
  const ruleSet = new RuleSet(rules);
  for (const schema of huntSchemas('auto')) ruleSet.forSchema(schema);
  const compileSeconds = (performance.now() - compileStarted) / 1000;
  const started = performance.now();
  let events = 0;
  let matches = 0;
  for await (const item of parallelMatch({ rules, eventPaths: [file], threads, unordered: true })) {
    if ('matched' in item) {
      events++;
      matches += item.matched.matches.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, matches, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, compileSeconds };
}

/** `node measure.js baseline FILE` or `node measure.js dragnet FILE CORPUS ROOT COUNT THREADS`: prints JSON. */
async function main(argv: string[]): Promise<void> {
  const [kind, file, corpus, root, count, threads] = argv;
  if (kind === 'baseline') {
    process.stdout.write(JSON.stringify(await baseline(file!)));
    return;
  }
  const rules = await benchRules(corpus as 'sigma' | 'elastic', root!, count === 'all' ? 'all' : Number(count));
  const result = await dragnet(file!, rules, Number(threads));
  process.stdout.write(JSON.stringify({ ...result, rules: rules.length }));
}

if (process.argv[1]?.endsWith('measure.js')) await main(process.argv.slice(2));
