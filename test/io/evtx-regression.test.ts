// Every EVTX regression sample decodes to exactly the events of the evtx_dump JSON beside it.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/util/walk.js';
import { absentNote, REGRESSION } from '../helpers/shared.js';
import { parseConcatenatedJson } from './helpers/concatenated-json.js';
import { jsonDifferences } from './helpers/json-differences.js';
import { readAllEvtx } from './helpers/read-all-evtx.js';

async function sampleFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const file of walkFiles([REGRESSION], ['.evtx'])) files.push(file);
  return files.sort();
}

describe.skipIf(!existsSync(REGRESSION))(`EVTX regression samples${absentNote(REGRESSION)}`, () => {
  it('decode record for record to the objects of the JSON dump beside each file', async () => {
    const files = await sampleFiles();
    expect(files.length).toBeGreaterThan(0);
    const failures: string[] = [];
    let records = 0;
    for (const file of files) {
      const expected = parseConcatenatedJson(readFileSync(file.replace(/\.evtx$/, '.json'), 'utf8'));
      const decoded = await readAllEvtx(file);
      records += decoded.records.length;
      const problems = [
        ...decoded.errors.map((error) => `error: ${error.message}`),
        ...jsonDifferences(
          decoded.records.map((record) => record.event),
          expected,
        ),
      ];
      if (problems.length > 0) failures.push(`${file}:\n  ${problems.join('\n  ')}`);
    }
    console.log(`${files.length} EVTX samples, ${records} records, ${failures.length} mismatching`);
    expect(failures).toEqual([]);
  });
});
