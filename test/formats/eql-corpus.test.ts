// Every `language = "eql"` query of the Elastic detection-rules corpus parses; prints what is not evaluable.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { EqlError, parseEql } from '../../src/formats/elastic/eql/index.js';
import { walkFiles } from '../../src/util/walk.js';

const CORPUS = '/work/shared/corpus/elastic';
const RULE_FOLDERS = ['rules', 'rules_building_block'].map((folder) => join(CORPUS, folder));
const corpusPresent = RULE_FOLDERS.every((folder) => existsSync(folder));

interface CorpusSummary {
  parsed: number;
  fullyExpressed: number;
  withNotEvaluable: number;
  notEvaluableByConstruct: Record<string, number>;
  failures: string[];
}

async function parseCorpus(): Promise<CorpusSummary> {
  const summary: CorpusSummary = {
    parsed: 0,
    fullyExpressed: 0,
    withNotEvaluable: 0,
    notEvaluableByConstruct: {},
    failures: [],
  };
  for await (const file of walkFiles(RULE_FOLDERS, ['.toml'])) {
    const rule = (parseToml(await readFile(file, 'utf8')) as { rule?: { language?: string; query?: string } })
      .rule;
    if (rule?.language !== 'eql' || typeof rule.query !== 'string') continue;
    try {
      const { notEvaluable } = parseEql(rule.query);
      summary.parsed++;
      if (notEvaluable.length === 0) summary.fullyExpressed++;
      else summary.withNotEvaluable++;
      for (const reason of notEvaluable) {
        summary.notEvaluableByConstruct[reason] = (summary.notEvaluableByConstruct[reason] ?? 0) + 1;
      }
    } catch (error) {
      const where = error instanceof EqlError ? `query line ${error.line}, column ${error.column}: ` : '';
      summary.failures.push(`${relative(CORPUS, file)}: ${where}${(error as Error).message}`);
    }
  }
  return summary;
}

describe('Elastic EQL corpus', () => {
  it.skipIf(!corpusPresent)(
    `parses every EQL rule query${corpusPresent ? '' : ` (skipped: corpus not found at ${CORPUS})`}`,
    async () => {
      const summary = await parseCorpus();
      console.log(`EQL corpus: ${JSON.stringify(summary, null, 2)}`);
      expect(summary.failures).toEqual([]);
      expect(summary.parsed).toBeGreaterThan(1000);
      expect(summary.fullyExpressed + summary.withNotEvaluable).toBe(summary.parsed);
      const noted = Object.values(summary.notEvaluableByConstruct).reduce((a, b) => a + b, 0);
      expect(noted).toBeGreaterThanOrEqual(summary.withNotEvaluable);
    },
  );
});
