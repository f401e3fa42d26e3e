// Broken Sigma input gives file:line errors and never stops the other rules from loading.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/formats/load-rules.js';
import { loadSigmaText } from '../../src/formats/sigma/load.js';

const good = 'title: good\nlogsource: {product: windows}\ndetection:\n  s: {A: 1}\n  condition: s\n';

describe('Sigma load errors', () => {
  it('reports unknown modifiers with the line of the item', () => {
    const r = loadSigmaText(
      'title: t\nlogsource: {product: x}\ndetection:\n  s:\n    A|contians: x\n  condition: s\n',
      'r.yml',
    );
    expect(r.errors).toEqual([
      { file: 'r.yml', line: 5, message: "A|contians: unknown modifier 'contians'" },
    ]);
  });
  it('reports regexes RE2 cannot run', () => {
    const r = loadSigmaText(
      "title: t\nlogsource: {product: x}\ndetection:\n  s:\n    A|re: 'a(?=b)'\n  condition: s\n",
      'r.yml',
    );
    expect(r.errors[0]!.line).toBe(5);
    expect(r.errors[0]!.message).toMatch(/invalid regular expression/);
  });
  it('reports malformed YAML with its line', () => {
    const r = loadSigmaText('title: t\nlogsource: {product: x\ndetection: [\n', 'r.yml');
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]!.message).toMatch(/^YAML:/);
    expect(r.errors[0]!.line).toBeGreaterThan(1);
  });
  it('refuses YAML alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map(
        (c, i) =>
          `${c}: &${c} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const r = loadSigmaText(`${bomb}\ntitle: t\n`, 'bomb.yml');
    expect(r.rules).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/alias/i);
  });
  it('reports missing sections and bad conditions', () => {
    expect(
      loadSigmaText('title: t\ndetection:\n  s: {A: 1}\n  condition: s\n', 'r.yml').errors[0]!.message,
    ).toMatch(/logsource/);
    const r = loadSigmaText(
      'title: t\nlogsource: {product: x}\ndetection:\n  s: {A: 1}\n  condition: s and x\n',
      'r.yml',
    );
    expect(r.errors[0]).toMatchObject({ line: 5, message: expect.stringMatching(/unknown detection 'x'/) });
  });
  it('one broken file does not stop the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-'));
    writeFileSync(join(dir, 'a.yml'), good);
    writeFileSync(join(dir, 'b.yml'), 'title: [unclosed\n');
    writeFileSync(join(dir, 'c.yml'), good.replace('good', 'also good'));
    const result = await loadRules([dir]);
    expect(result.rules.map((r) => r.meta.title)).toEqual(['good', 'also good']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.file).toBe(join(dir, 'b.yml'));
  });
});

describe('collections, correlations and filters', () => {
  it('action: global merges into each following document', () => {
    const text =
      'action: global\ntitle: t\ndetection:\n  s: {A: 1}\n  condition: s\n---\nid: one\nlogsource: {product: linux}\n---\nid: two\nlogsource: {product: macos}\n';
    const r = loadSigmaText(text, 'c.yml');
    expect(r.errors).toEqual([]);
    expect(r.rules.map((x) => [x.meta.id, x.logsource.product, x.source.line])).toEqual([
      ['one', 'linux', 7],
      ['two', 'macos', 10],
    ]);
  });
  it('reads correlation documents with their referenced rules', () => {
    const text = `title: base\nname: failed_login\nlogsource: {product: windows, service: security}\ndetection:\n  s: {EventID: 4625}\n  condition: s\n---\ntitle: many failures\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n  group-by: [TargetUserName]\n  timespan: 10m\n  condition: {gte: 5, lt: 100}\n`;
    const r = loadSigmaText(text, 'c.yml');
    expect(r.errors).toEqual([]);
    expect(r.rules[1]!.aggregation).toEqual({
      kind: 'correlation',
      type: 'event_count',
      rules: ['failed_login'],
      groupBy: ['TargetUserName'],
      timespanMs: 600_000,
      aliases: {},
      generate: false,
      condition: {
        criteria: [
          { op: 'gte', value: 5 },
          { op: 'lt', value: 100 },
        ],
      },
    });
  });
  it('filters add exclusions to the rules they name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-'));
    writeFileSync(
      join(dir, 'rule.yml'),
      `id: 11111111-1111-4111-8111-111111111111\n${good.replace('windows}', 'windows, category: process_creation}')}`,
    );
    writeFileSync(
      join(dir, 'filter.yml'),
      'title: f\nlogsource: {product: windows, category: process_creation}\nfilter:\n  rules: [11111111-1111-4111-8111-111111111111]\n  selection: {User|startswith: adm_}\n  condition: selection\n',
    );
    const result = await loadRules([dir]);
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.detection).toEqual({
      kind: 'and',
      children: [
        { kind: 'match', field: 'A', matcher: { kind: 'number', value: 1 } },
        {
          kind: 'not',
          child: {
            kind: 'match',
            field: 'User',
            matcher: { kind: 'string', op: 'startswith', value: 'adm_', caseSensitive: false },
          },
        },
      ],
    });
  });
});
