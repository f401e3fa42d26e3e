// Kept parses of rule files: a load with the cache gives what a fresh load gives, through edits, deletions, new
// files, Sigma filters and a damaged cache; an unchanged file's parse comes from the cache.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/formats/load-rules.js';
import { fileIdentity, RuleFileCache } from '../../src/formats/rule-file-cache.js';

const RULE_ID = '11111111-1111-4111-8111-111111111111';

function sigma(title: string, image: string): string {
  return `title: ${title}\nid: ${RULE_ID}\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s: {Image|endswith: '${image}'}\n  condition: s\n`;
}

const FILTER = `title: admins\nlogsource: {product: windows, category: process_creation}\nfilter:\n  rules: [${RULE_ID}]\n  selection: {User|startswith: adm_}\n  condition: selection\n`;

const ELASTIC = `[metadata]\ncreation_date = "2024/01/01"\n\n[rule]\nauthor = ["x"]\ndescription = "d"\nname = "Netstat"\nrisk_score = 21\nrule_id = "22222222-2222-4222-8222-222222222222"\nseverity = "low"\ntype = "query"\nlanguage = "kuery"\nindex = ["logs-*"]\nquery = 'process.name : "netstat"'\n`;

function folder(): { dir: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-rule-cache-'));
  writeFileSync(join(dir, 'a.yml'), sigma('Whoami', '\\whoami.exe'));
  writeFileSync(join(dir, 'b.yml'), FILTER);
  writeFileSync(join(dir, 'c.toml'), ELASTIC);
  writeFileSync(join(dir, 'd.yml'), 'title: broken\ndetection: [\n');
  return { dir, cache: join(dir, '.cache') };
}

describe('loadRules with kept parses', () => {
  it('gives what a fresh load gives, run after run, edit after edit', async () => {
    const { dir, cache } = folder();
    const same = async () => {
      const fresh = await loadRules([dir]);
      expect(await loadRules([dir], { cacheDir: cache })).toEqual(fresh);
      expect(await loadRules([dir], { cacheDir: cache })).toEqual(fresh); // from the cache
      return fresh;
    };
    const first = await same();
    expect(first.rules.map((r) => r.meta.title)).toEqual(['Whoami', 'Netstat']);
    expect(first.errors.map((e) => e.file)).toEqual([join(dir, 'd.yml')]);
    expect(first.rules[0]!.extra.filters).toHaveLength(1); // the filter is applied once, not once per run
    expect(readdirSync(cache).filter((name) => name.endsWith('.rules'))).toHaveLength(1);

    writeFileSync(join(dir, 'a.yml'), sigma('Whoami renamed', '\\who.exe'));
    expect((await same()).rules[0]!.meta.title).toBe('Whoami renamed');
    rmSync(join(dir, 'c.toml'));
    writeFileSync(join(dir, 'e.yml'), sigma('Another', '\\net.exe'));
    expect((await same()).rules.map((r) => r.meta.title)).toEqual(['Whoami renamed', 'Another']);
  });

  it('loads as before from a damaged cache, and a cache that cannot be written fails nothing', async () => {
    const { dir, cache } = folder();
    const fresh = await loadRules([dir]);
    await loadRules([dir], { cacheDir: cache });
    for (const name of readdirSync(cache)) writeFileSync(join(cache, name), 'not a cache');
    expect(await loadRules([dir], { cacheDir: cache })).toEqual(fresh);
    writeFileSync(join(dir, 'in-the-way'), '');
    expect(await loadRules([dir], { cacheDir: join(dir, 'in-the-way', 'cache') })).toEqual(fresh);
  });

  it('keeps parses apart for different placeholders', async () => {
    const { dir, cache } = folder();
    writeFileSync(
      join(dir, 'x.yml'),
      `title: Expanded\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s: {Image|expand: '%tools%'}\n  condition: s\n`,
    );
    const values = async (tool: string) => {
      const placeholderFile = join(dir, `placeholders-${tool}.yaml`);
      writeFileSync(placeholderFile, `tools: ['${tool}']\n`);
      const loaded = await loadRules([join(dir, 'x.yml')], { placeholderFile, cacheDir: cache });
      return JSON.stringify(loaded.rules[0]!.detection);
    };
    expect(await values('psexec.exe')).toContain('psexec.exe');
    expect(await values('procdump.exe')).toContain('procdump.exe');
  });
});

describe('RuleFileCache', () => {
  it('gives a kept parse only for the identity it was made from', () => {
    const { dir, cache } = folder();
    const file = join(dir, 'a.yml');
    const identity = fileIdentity(statSync(file));
    const parsed = { rules: [], errors: [{ file, line: 3, message: 'kept' }], warnings: [], filters: [] };
    const writing = RuleFileCache.open(cache, 'key');
    expect(writing.get(file, identity)).toBeUndefined();
    writing.set(file, identity, parsed);
    writing.save();
    expect(RuleFileCache.open(cache, 'key').get(file, identity)).toEqual(parsed);
    expect(RuleFileCache.open(cache, 'other key').get(file, identity)).toBeUndefined();
    writeFileSync(file, sigma('Changed', '\\x.exe'));
    expect(RuleFileCache.open(cache, 'key').get(file, fileIdentity(statSync(file)))).toBeUndefined();
  });
});
