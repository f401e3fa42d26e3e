// Every `language = "kuery"` query of the Elastic detection-rules corpus parses into an IR expression.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { KueryError, parseKuery } from '../../src/formats/elastic/kuery/index.js';
import { walkExpr } from '../../src/ir/expr.js';
import { walkFiles } from '../../src/util/walk.js';

const CORPUS = '/work/shared/corpus/elastic';
const RULE_FOLDERS = ['rules', 'rules_building_block'].map((folder) => join(CORPUS, folder));
const corpusPresent = RULE_FOLDERS.every((folder) => existsSync(folder));

interface CorpusSummary {
  kueryRules: number;
  parsed: number;
  byRuleType: Record<string, number>;
  /** How many parsed rules use each IR node or matcher kind. */
  rulesUsing: Record<string, number>;
  failures: string[];
}

function kindsUsed(query: string): Set<string> {
  const kinds = new Set<string>();
  walkExpr(parseKuery(query), (node) => {
    kinds.add(node.kind);
    if (node.kind === 'match' || node.kind === 'keyword') kinds.add(`matcher:${node.matcher.kind}`);
  });
  return kinds;
}

async function parseCorpus(): Promise<CorpusSummary> {
  const summary: CorpusSummary = { kueryRules: 0, parsed: 0, byRuleType: {}, rulesUsing: {}, failures: [] };
  for await (const file of walkFiles(RULE_FOLDERS, ['.toml'])) {
    const toml = parseToml(await readFile(file, 'utf8')) as { rule?: Record<string, unknown> };
    const rule = toml.rule;
    if (rule?.language !== 'kuery') continue;
    summary.kueryRules++;
    const type = String(rule.type);
    summary.byRuleType[type] = (summary.byRuleType[type] ?? 0) + 1;
    try {
      if (typeof rule.query !== 'string') throw new Error('[rule] has no query string');
      for (const kind of kindsUsed(rule.query))
        summary.rulesUsing[kind] = (summary.rulesUsing[kind] ?? 0) + 1;
      summary.parsed++;
    } catch (error) {
      const where = error instanceof KueryError ? `query line ${error.line}, column ${error.column}: ` : '';
      summary.failures.push(`${relative(CORPUS, file)}: ${where}${(error as Error).message}`);
    }
  }
  return summary;
}

describe('Elastic KQL corpus', () => {
  it.skipIf(!corpusPresent)(
    `parses every kuery rule query${corpusPresent ? '' : ` (skipped: corpus not found at ${CORPUS})`}`,
    async () => {
      const summary = await parseCorpus();
      console.log(`KQL corpus: ${JSON.stringify(summary, null, 2)}`);
      expect(summary.failures).toEqual([]);
      expect(summary.parsed).toBe(summary.kueryRules);
      expect(summary.kueryRules).toBeGreaterThan(700);
    },
  );
});
