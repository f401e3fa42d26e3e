// `dragnet rules`: list the rules that load from files and folders, and every load error.
import type { Command } from 'commander';
import { csvRow } from '../io/output/csv.js';
import type { Rule } from '../ir/rule.js';
import { Output } from './output.js';
import { formatLocated, printLocated } from './report-errors.js';
import { addRuleLoadingOptions, loadCommandRules, type RuleLoadingFlags } from './rule-loading.js';

interface RulesFlags extends RuleLoadingFlags {
  format: 'table' | 'json' | 'jsonl' | 'csv';
}

function ruleSummary(rule: Rule): Record<string, unknown> {
  return {
    id: rule.meta.id,
    title: rule.meta.title,
    format: rule.format,
    type: rule.type,
    language: rule.language,
    level: rule.meta.level ?? null,
    logsource: rule.logsource,
    attack: [...rule.meta.attack.tactics.map((t) => t.id ?? t.shortname), ...rule.meta.attack.techniques],
    source: `${rule.source.file}:${rule.source.line}`,
    ...(rule.notEvaluable.length ? { notEvaluable: rule.notEvaluable } : {}),
  };
}

export async function runRules(paths: string[], flags: RulesFlags): Promise<number> {
  const loaded = await loadCommandRules(paths, flags);
  const out = new Output();
  switch (flags.format) {
    case 'json':
      out.write(
        `${JSON.stringify({ rules: loaded.rules.map(ruleSummary), errors: loaded.errors, warnings: loaded.warnings }, null, 2)}\n`,
      );
      break;
    case 'jsonl':
      for (const rule of loaded.rules) out.write(`${JSON.stringify(ruleSummary(rule))}\n`);
      printLocated('rule error', loaded.errors, Number.POSITIVE_INFINITY);
      break;
    case 'csv':
      out.write(`${csvRow(['id', 'title', 'format', 'type', 'level', 'logsource', 'attack', 'source'])}\n`);
      for (const rule of loaded.rules.map(ruleSummary))
        out.write(
          `${csvRow([rule.id, rule.title, rule.format, rule.type, rule.level, rule.logsource, (rule.attack as string[]).join(' '), rule.source])}\n`,
        );
      printLocated('rule error', loaded.errors, Number.POSITIVE_INFINITY);
      break;
    default: {
      for (const rule of loaded.rules) {
        const s = ruleSummary(rule);
        const ls = Object.entries(rule.logsource)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        out.write(
          `${String(s.level ?? '-').padEnd(13)} ${rule.format.padEnd(7)} ${rule.type.padEnd(11)} ${rule.meta.title}  [${ls}] ${(s.attack as string[]).join(' ')}\n`,
        );
      }
      for (const e of loaded.errors) out.write(`ERROR ${formatLocated(e)}\n`);
      for (const w of loaded.warnings) out.write(`WARNING ${formatLocated(w)}\n`);
      const byType = new Map<string, number>();
      for (const r of loaded.rules)
        byType.set(`${r.format}/${r.type}`, (byType.get(`${r.format}/${r.type}`) ?? 0) + 1);
      out.write(
        `\n${loaded.rules.length} rules loaded (${[...byType].map(([k, v]) => `${k}: ${v}`).join(', ')}), ${loaded.errors.length} failed\n`,
      );
    }
  }
  await out.flush();
  return loaded.errors.length ? 1 : 0;
}

export function registerRules(program: Command): void {
  const command = program
    .command('rules')
    .description('List the rules that load, with load errors (exit code 1 when any rule failed)')
    .argument('<paths...>', 'rule files or folders')
    .option('-f, --format <format>', 'output: table, json, jsonl or csv', 'table');
  addRuleLoadingOptions(command).action(async (paths: string[], flags: RulesFlags) => {
    process.exitCode = await runRules(paths, flags);
  });
}
