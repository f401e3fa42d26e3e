// How commands that read rules load them: the options they share (placeholders, the kept parses of rule files).
import type { Command } from 'commander';
import { loadRules } from '../formats/load-rules.js';
import type { LoadResult } from '../ir/rule.js';
import { cacheDir } from '../util/disk-cache.js';

export interface RuleLoadingFlags {
  placeholders?: string;
  /** Keep parsed rule files for later runs (false: `--no-rule-cache`). */
  ruleCache: boolean;
}

export function addRuleLoadingOptions(command: Command): Command {
  return command
    .option('--placeholders <file>', 'YAML map of Sigma placeholder names to values, for |expand')
    .option(
      '--no-rule-cache',
      'parse every rule file afresh, and keep nothing (parsed files are kept for later runs, beside the plans)',
    );
}

/** The rules under `paths`, as the flags say to load them. */
export function loadCommandRules(paths: readonly string[], flags: RuleLoadingFlags): Promise<LoadResult> {
  return loadRules(paths, {
    ...(flags.placeholders ? { placeholderFile: flags.placeholders } : {}),
    ...(flags.ruleCache ? { cacheDir: cacheDir('rules') } : {}),
  });
}
