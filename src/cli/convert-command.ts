// `dragnet convert`: turns rules into a target's query language; unconvertible rules are reported, not guessed.
import type { Command } from 'commander';
import { type Conversion, convertRule } from '../convert/convert-rule.js';
import { findTarget, TARGETS, type Target, type TargetOptions } from '../convert/targets.js';
import type { Rule, RuleTaxonomy } from '../ir/rule.js';
import { loadPipeline, type Pipeline } from '../taxonomy/pipeline.js';
import { Output } from './output.js';
import { printLocated } from './report-errors.js';
import { addRuleLoadingOptions, loadCommandRules, type RuleLoadingFlags } from './rule-loading.js';

interface ConvertFlags extends RuleLoadingFlags {
  target: string;
  pipeline?: string;
  format: 'text' | 'json' | 'jsonl';
  caseInsensitive: 'refuse' | 'as-written';
}

/** Picks, per rule vocabulary, the user's pipeline (when it maps that vocabulary) or the target's built-in one. */
function pipelineChooser(target: Target, override: Pipeline | undefined) {
  const cache = new Map<RuleTaxonomy, Pipeline | string>();
  return (rule: Rule): Pipeline | string => {
    let choice = cache.get(rule.taxonomy);
    if (choice === undefined) {
      if (override && override.taxonomy === rule.taxonomy) choice = override;
      else {
        const name = target.pipelines[rule.taxonomy];
        choice = name
          ? loadPipeline(name)
          : `not convertible: target ${target.name} has no pipeline for rules in ${rule.taxonomy} field names`;
      }
      cache.set(rule.taxonomy, choice);
    }
    return choice;
  };
}

function convertOne(
  rule: Rule,
  target: Target,
  choose: ReturnType<typeof pipelineChooser>,
  options: TargetOptions,
): Conversion {
  if (target.passthrough && rule.language === target.passthrough && rule.query)
    return { ok: true, query: rule.query.trim() };
  const pipeline = choose(rule);
  if (typeof pipeline === 'string') return { ok: false, error: pipeline };
  return convertRule(rule, target.backend(pipeline, options), () => pipeline);
}

export async function runConvert(paths: string[], flags: ConvertFlags): Promise<number> {
  if (flags.caseInsensitive !== 'refuse' && flags.caseInsensitive !== 'as-written')
    throw new Error('--case-insensitive must be refuse or as-written');
  const target = findTarget(flags.target);
  if (!target)
    throw new Error(
      `unknown target '${flags.target}' (one of: ${TARGETS.map((t) => t.name).join(', ')}, sql)`,
    );
  const override = flags.pipeline ? loadPipeline(flags.pipeline) : undefined;
  const loaded = await loadCommandRules(paths, flags);
  printLocated('rule error', loaded.errors);
  const choose = pipelineChooser(target, override);
  const out = new Output();
  const results: Record<string, unknown>[] = [];
  let failed = 0;
  for (const rule of loaded.rules) {
    const result = convertOne(rule, target, choose, { caseInsensitive: flags.caseInsensitive });
    const source = `${rule.source.file}:${rule.source.line}`;
    const record = result.ok
      ? { id: rule.meta.id, source, target: target.name, ok: true, query: result.query }
      : { id: rule.meta.id, source, target: target.name, ok: false, error: result.error };
    if (!result.ok) failed++;
    if (flags.format === 'jsonl') out.write(`${JSON.stringify(record)}\n`);
    else if (flags.format === 'json') results.push(record);
    else if (result.ok) out.write(`// ${rule.meta.title} (${rule.meta.id})\n${result.query}\n\n`);
    else process.stderr.write(`${source}: ${rule.meta.title}: ${result.error}\n`);
    await out.flush();
  }
  if (flags.format === 'json') out.write(`${JSON.stringify(results, null, 2)}\n`);
  await out.flush();
  process.stderr.write(
    `${loaded.rules.length - failed} of ${loaded.rules.length} rules converted to ${target.name}; ${failed} not convertible, ${loaded.errors.length} failed to load\n`,
  );
  return loaded.errors.length || failed ? 1 : 0;
}

export function registerConvert(program: Command): void {
  const command = program
    .command('convert')
    .description('Convert rules to a SIEM or warehouse query language through a field-mapping pipeline')
    .argument('<paths...>', 'rule files or folders (Sigma .yml, Elastic .toml)')
    .requiredOption(
      '-t, --target <target>',
      `one of: ${TARGETS.map((t) => t.name).join(', ')} (sql = sql-duckdb)`,
    )
    .option(
      '-p, --pipeline <name|file>',
      'field-mapping pipeline replacing the target default for its rule vocabulary',
    )
    .option('-f, --format <format>', 'output: text, json or jsonl', 'text')
    .option(
      '--case-insensitive <mode>',
      'Elastic targets: `refuse` case-insensitive matches on case-sensitive keyword fields (faithful), or keep them `as-written` (case-sensitive, may miss events)',
      'refuse',
    )
    .addHelpText(
      'after',
      `\nTargets:\n${TARGETS.map((t) => `  ${t.name.padEnd(16)} ${t.description}`).join('\n')}\n\nExit code: 0 when every rule converted, 1 when some rule did not (each is reported with the reason), 2 on usage errors.`,
    );
  addRuleLoadingOptions(command).action(async (paths: string[], flags: ConvertFlags) => {
    process.exitCode = await runConvert(paths, flags);
  });
}
