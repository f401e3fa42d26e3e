// Loads the whole Elastic detection-rules corpus: counts by type and language, every failure listed.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/formats/load-rules.js';
import { absentNote, ELASTIC_CORPUS } from '../helpers/shared.js';

describe.skipIf(!existsSync(ELASTIC_CORPUS))(`Elastic corpus${absentNote(ELASTIC_CORPUS)}`, () => {
  it('loads all 2,192 rules; kuery and eql rules are evaluable except named constructs', async () => {
    const result = await loadRules([ELASTIC_CORPUS]);
    expect(result.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([]);
    expect(result.rules).toHaveLength(2192);
    const counts = new Map<string, number>();
    for (const rule of result.rules) {
      const key = `${rule.type}/${rule.language}${rule.notEvaluable.length ? ' (not evaluable)' : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    console.log('Elastic corpus by type/language:', Object.fromEntries([...counts].sort()));
    expect(counts.get('esql/esql (not evaluable)')).toBe(212);
    const blocked = result.rules.filter(
      (r) =>
        (r.language === 'kuery' || r.language === 'eql') &&
        r.type !== 'machine_learning' &&
        r.type !== 'threat_match' &&
        r.notEvaluable.length,
    );
    console.log(
      'kuery/eql rules not evaluable natively:',
      blocked.map((r) => `${r.meta.title}: ${r.notEvaluable.join('; ')}`),
    );
    expect(blocked.length).toBeLessThanOrEqual(12);
  });
});
