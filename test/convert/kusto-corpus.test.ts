// Every Kusto query dragnet generates for the Sigma and Elastic corpora parses with Microsoft's Kusto parser.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kustoSyntaxErrors } from '../../src/backends/kusto/validate.js';
import { convertRule } from '../../src/convert/convert-rule.js';
import { findTarget } from '../../src/convert/targets.js';
import { loadRules } from '../../src/formats/load-rules.js';
import type { Rule } from '../../src/ir/rule.js';
import { loadPipeline } from '../../src/taxonomy/pipeline.js';
import { absentNote, ELASTIC_CORPUS, SIGMA_CORPUS } from '../helpers/shared.js';

const present = existsSync(SIGMA_CORPUS) && existsSync(ELASTIC_CORPUS);

describe.skipIf(!present)(`Kusto output for the corpora${absentNote(SIGMA_CORPUS)}`, () => {
  let rules: Rule[] = [];
  it('loads both corpora', async () => {
    rules = (await loadRules([SIGMA_CORPUS, ELASTIC_CORPUS])).rules;
    expect(rules.length).toBe(3780 + 2192);
  });
  for (const name of ['sentinel-asim', 'defender', 'sentinel-windows']) {
    it(`${name}: every converted query has zero syntax errors`, () => {
      const target = findTarget(name)!;
      let converted = 0;
      const broken: string[] = [];
      const reasons = new Map<string, number>();
      for (const rule of rules) {
        const pipelineName = target.pipelines[rule.taxonomy];
        if (!pipelineName) continue;
        const pipeline = loadPipeline(pipelineName);
        const result = convertRule(
          rule,
          target.backend(pipeline, { caseInsensitive: 'refuse' }),
          () => pipeline,
        );
        if (!result.ok) {
          const reason = result.error
            .replace(/'[^']*'/g, "'…'")
            .replace(/\{[^}]*\}/g, '{…}')
            .slice(0, 80);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          continue;
        }
        converted++;
        const errors = kustoSyntaxErrors(result.query);
        if (errors.length) broken.push(`${rule.source.file}: ${errors[0]!.message}\n${result.query}`);
      }
      const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
      console.log(
        `${name}: ${converted} queries parsed with ${broken.length} syntax errors; not convertible:`,
        top,
      );
      expect(converted).toBeGreaterThan(name === 'sentinel-windows' ? 50 : 1000);
      expect(broken).toEqual([]);
    });
  }
});
