// Loading rule folders: rules and errors in the order of the paths and files, a path that cannot be read in its place.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/formats/load-rules.js';

describe('loadRules', () => {
  it('keeps the order of paths and files, reporting a missing path after the rules before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-load-'));
    for (const name of ['a', 'b']) {
      mkdirSync(join(dir, name));
      for (let i = 0; i < 20; i++)
        writeFileSync(
          join(dir, name, `rule-${String(i).padStart(2, '0')}.yml`),
          `title: ${name}${i}\nlogsource: {product: windows}\ndetection:\n  s: {x: ${i}}\n  condition: s\n`,
        );
      writeFileSync(join(dir, name, 'broken.yml'), 'title: broken\ndetection: [\n');
    }
    const missing = join(dir, 'missing');
    const loaded = await loadRules([join(dir, 'a'), missing, join(dir, 'b')]);
    const titles = (name: string) => Array.from({ length: 20 }, (_, i) => `${name}${i}`);
    expect(loaded.rules.map((r) => r.meta.title)).toEqual([...titles('a'), ...titles('b')]);
    expect(loaded.errors.map((e) => e.file)).toEqual([
      join(dir, 'a', 'broken.yml'),
      missing,
      join(dir, 'b', 'broken.yml'),
    ]);
  });
});
