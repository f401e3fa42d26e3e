// Loads the whole SigmaHQ corpus: every rule the specification allows must load; failures are listed.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/formats/load-rules.js';
import { absentNote, SIGMA_CORPUS } from '../helpers/shared.js';

describe.skipIf(!existsSync(SIGMA_CORPUS))(`SigmaHQ corpus${absentNote(SIGMA_CORPUS)}`, () => {
  it('loads all 3,780 rule files without errors', async () => {
    const result = await loadRules([SIGMA_CORPUS]);
    const failures = result.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    console.log(`SigmaHQ corpus: ${result.rules.length} rules loaded, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(result.rules.length).toBe(3780);
    const placeholderRules = result.rules.filter((r) =>
      r.notEvaluable.some((n) => n.startsWith('unresolved placeholder')),
    );
    console.log(
      `rules with unresolved |expand placeholders (need --placeholders): ${placeholderRules.length}`,
    );
    expect(placeholderRules.length).toBeGreaterThan(0);
    expect(
      placeholderRules.every((r) =>
        r.notEvaluable.every((reason) => /^unresolved placeholder %[\w-]+%$/.test(reason)),
      ),
    ).toBe(true);
  });
});
