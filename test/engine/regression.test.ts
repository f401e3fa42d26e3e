// SigmaHQ regression samples: each real Windows event must raise an alert from its own rule.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/engine/hunt.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { loadRules } from '../../src/formats/load-rules.js';
import { readEvents } from '../../src/io/read-events.js';
import { walkFiles } from '../../src/util/walk.js';
import { absentNote, REGRESSION, SIGMA_CORPUS } from '../helpers/shared.js';

interface Sample {
  folder: string;
  ruleId: string;
  matchCount: number;
}

async function samples(): Promise<Sample[]> {
  const list: Sample[] = [];
  for await (const file of walkFiles([REGRESSION], ['info.yml'])) {
    const text = readFileSync(file, 'utf8');
    const ruleId = /rule_metadata:\s*\n\s*- id: (\S+)/.exec(text)?.[1];
    if (!ruleId) throw new Error(`${file}: no rule id`);
    list.push({
      folder: file.slice(0, -'/info.yml'.length),
      ruleId,
      matchCount: Number(/match_count: (\d+)/.exec(text)?.[1] ?? 1),
    });
  }
  return list;
}

async function alertsFor(
  rules: Awaited<ReturnType<typeof loadRules>>['rules'],
  path: string,
): Promise<number> {
  let alerts = 0;
  await hunt({ rules, schemas: huntSchemas('auto'), events: readEvents([path]), onAlert: () => alerts++ });
  return alerts;
}

const present = existsSync(REGRESSION) && existsSync(SIGMA_CORPUS);

describe.skipIf(!present)(`regression samples${absentNote(REGRESSION)}`, () => {
  // match_count in info.yml counts deduplicated hits of SigmaHQ's checker; several samples hold more matching
  // events than that, so the requirement is at least one alert (the counts are printed for review).
  it('every JSON sample raises alerts from its own rule', async () => {
    const loaded = await loadRules([SIGMA_CORPUS]);
    const byId = new Map(loaded.rules.map((r) => [r.meta.id, r]));
    const list = await samples();
    expect(list.length).toBe(96);
    const problems: string[] = [];
    for (const sample of list) {
      const rule = byId.get(sample.ruleId);
      if (!rule) {
        problems.push(`${sample.folder}: rule ${sample.ruleId} not loaded`);
        continue;
      }
      const alerts = await alertsFor([rule], join(sample.folder, `${sample.ruleId}.json`));
      if (alerts === 0) problems.push(`${sample.folder}: no alert (match_count ${sample.matchCount})`);
      else if (alerts !== sample.matchCount)
        console.log(`${sample.ruleId}: ${alerts} alerts, match_count ${sample.matchCount}`);
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(!existsSync(join(import.meta.dirname, '../../src/io/evtx/index.ts')))(
    'every EVTX sample raises the same alerts as its JSON twin',
    async () => {
      const loaded = await loadRules([SIGMA_CORPUS]);
      const byId = new Map(loaded.rules.map((r) => [r.meta.id, r]));
      const problems: string[] = [];
      for (const sample of await samples()) {
        const rule = byId.get(sample.ruleId)!;
        const alerts = await alertsFor([rule], join(sample.folder, `${sample.ruleId}.evtx`));
        const fromJson = await alertsFor([rule], join(sample.folder, `${sample.ruleId}.json`));
        if (alerts === 0 || alerts !== fromJson)
          problems.push(`${sample.folder}: ${alerts} alerts from EVTX, ${fromJson} from JSON`);
      }
      expect(problems).toEqual([]);
    },
  );
});
