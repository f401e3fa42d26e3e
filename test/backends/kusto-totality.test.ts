// The Kusto renderer is total over both corpora: each rule renders or is refused with UnsupportedConstruct.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertRule } from '../../src/convert/convert-rule.js';
import { findTarget } from '../../src/convert/targets.js';
import { loadRules } from '../../src/formats/load-rules.js';
import { loadPipeline, type Pipeline } from '../../src/taxonomy/pipeline.js';
import { absentNote, ELASTIC_CORPUS, SIGMA_CORPUS } from '../helpers/shared.js';

const present = existsSync(SIGMA_CORPUS) && existsSync(ELASTIC_CORPUS);

describe.skipIf(!present)(`Kusto renderer totality${absentNote(SIGMA_CORPUS)}`, () => {
  it('never fails with anything but UnsupportedConstruct', async () => {
    const rules = (await loadRules([SIGMA_CORPUS, ELASTIC_CORPUS])).rules;
    const failures: string[] = [];
    let converted = 0;
    const pipelines = new Map<string, Pipeline>();
    const pipelineNamed = (name: string) =>
      pipelines.get(name) ?? pipelines.set(name, loadPipeline(name)).get(name)!;
    for (const name of ['sentinel-asim', 'defender', 'sentinel-windows']) {
      const target = findTarget(name)!;
      for (const rule of rules) {
        const pipelineName = target.pipelines[rule.taxonomy];
        if (!pipelineName) continue;
        const pipeline = pipelineNamed(pipelineName);
        const result = convertRule(
          rule,
          target.backend(pipeline, { caseInsensitive: 'refuse' }),
          () => pipeline,
        );
        if (result.ok) converted++;
        else if (!result.error.startsWith('not convertible'))
          failures.push(`${name} ${rule.source.file}: ${result.error}`);
      }
    }
    expect(failures).toEqual([]);
    expect(converted).toBeGreaterThan(5000);
  });
});
