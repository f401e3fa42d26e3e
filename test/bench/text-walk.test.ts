// The benchmark's text walk (the least a JS field extractor does) must find every key, or its timing means nothing.
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../bench/generate.js';
import { countKeys } from '../../bench/text-walk.js';

function keysIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + keysIn(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((sum: number, item) => sum + 1 + keysIn(item), 0);
}

describe('countKeys', () => {
  it('counts the keys of generated bench events (ECS nested, Sysmon flat)', () => {
    const lines = [...generateEvents({ count: 500, seed: 3, rules: [], plantShare: 0 })].map((e) => e.line);
    for (const line of lines) expect(countKeys(line)).toBe(keysIn(JSON.parse(line)));
  });

  it('skips escaped quotes and backslashes, and values that look like keys', () => {
    const texts = [
      '{"a":"C:\\\\Windows\\\\","b":"say \\"hi\\"","c":"x\\\\\\"y"}',
      '{"k":"\\"fake\\":1","n":[{"x":1},{"y":[2,{"z":"\\\\"}]}]}',
      '{"a":"\\":x"}',
      '{"b":"\\\\","c":1}',
      '{ "spaced" : { "inner" :\n "v" } , "e": "" }',
    ];
    for (const text of texts) expect(countKeys(text)).toBe(keysIn(JSON.parse(text)));
  });
});
