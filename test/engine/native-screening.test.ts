// Native screening against the JS path: the same results, line for line, over events built to probe where they could differ.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { loadAddon, nativeAddon, SCREEN_BY_JS } from '../../src/engine/native/native-addon.js';
import { matchJob, PieceMatcher } from '../../src/engine/parallel/match-pieces.js';
import type { JobResult } from '../../src/engine/parallel/protocol.js';
import { loadRules } from '../../src/formats/load-rules.js';
import type { Rule } from '../../src/ir/rule.js';

const built = nativeAddon() !== undefined;
const note = built ? '' : ' (SKIPPED: the native addon is not built; DRAGNET_NATIVE=1 makes that an error)';

const RULES = `
title: cmd running whoami
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\cmd.exe', CommandLine|contains: whoami}
  condition: selection
---
title: cmd without a harmless command line
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\cmd.exe'}
  filter: {CommandLine|contains: harmless}
  condition: selection and not filter
---
title: admin user
logsource: {product: windows, category: process_creation}
detection:
  selection: {User: 'corp\\admin'}
  condition: selection
---
title: regexes node-re2 rewrites
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|re: '\\u0041BC(?<n>\\d+)'
  condition: selection
---
title: regex as written
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|re: 'powershell.*-enc'
  condition: selection
---
title: process id
logsource: {product: windows, category: process_creation}
detection:
  selection: {ProcessId: 4242}
  condition: selection
---
title: keyword
logsource: {product: windows, category: process_creation}
detection:
  keywords: [mimikatz]
  condition: keywords
---
title: private destination
logsource: {product: windows, category: process_creation}
detection:
  selection:
    DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']
  condition: selection
---
title: number texts
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|endswith: ['.5', 'e+21', '993']
  condition: selection
---
title: lists of tests on one field
logsource: {product: windows, category: process_creation}
detection:
  tools:
    - Image|endswith: ['\\rundll32.exe', '\\regsvr32.exe']
    - Image|startswith: 'C:\\Temp\\'
    - Image: 'C:\\Tools\\x.exe'
    - CommandLine|contains: [' -nop ', 'downloadstring']
  cased:
    CommandLine|contains|cased: ['Invoke-Mimikatz', 'DumpCreds']
  filter:
    ParentImage|endswith: ['\\explorer.exe', '\\services.exe']
  condition: (tools or cased) and not filter
---
title: keyword spanning two values
logsource: {product: windows, category: process_creation}
detection:
  keywords: ['*spanning*']
  condition: keywords
`;

const EQL_RULE = `
[metadata]
creation_date = "2026/12/07"

[rule]
author = ["dragnet"]
description = "A process that is no shell (EQL: a missing name is null, and so is its negation)."
name = "not a shell"
risk_score = 21
rule_id = "5a1d0e7c-6f43-4bde-9a52-0d1c7f3e2b11"
severity = "low"
type = "eql"
language = "eql"
index = ["logs-endpoint.events.*"]
query = '''
process where event.type == "start" and not process.name in ("cmd.exe", "powershell.exe", "bash")
'''
`;

/** Sysmon process creation with the given fields over a plain one. */
function sysmon(fields: Record<string, unknown>): string {
  return JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', ...fields });
}

/** Events that the rule of lists of tests on one field matches (by one list or another, in either case). */
const LIST_TESTS_MATCHING = [
  sysmon({ Image: 'C:\\WINDOWS\\RunDll32.EXE', ParentImage: 'C:\\x\\svchost.exe' }),
  sysmon({ Image: 'c:\\temp\\a.exe' }),
  sysmon({ Image: 'C:\\TOOLS\\X.EXE' }),
  sysmon({ Image: ['none', 'C:\\x\\regsvr32.exe'] }),
  sysmon({ CommandLine: 'powershell -NOP -w hidden' }),
  sysmon({ CommandLine: 'IEX (New-Object Net.WebClient).DownloadString(x)' }),
  sysmon({ CommandLine: 'Invoke-Mimikatz -DumpCreds' }),
];

const LINES = [
  sysmon({ Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami' }),
  sysmon({ Image: 'C:\\WINDOWS\\SYSTEM32\\CMD.EXE', CommandLine: 'cmd /c WHOAMI /all' }),
  sysmon({ Image: 'C:\\Ünïcode\\cmd.exe', CommandLine: 'whoami – ünïcode' }),
  sysmon({ Image: 'C:\\x\\\u212Amd.exe', CommandLine: 'whoami' }), // Kelvin sign
  sysmon({ Image: 'C:\\x\\cmd.exe', CommandLine: 'who\u0130ami' }),
  sysmon({ User: 'CORP\\ADMIN' }),
  // Lower-casing the command line fails (an astral character) after the channel's lower case was kept.
  sysmon({ Image: 'C:\\cmd.exe', CommandLine: 'whoami 🇭🇷', User: 'corp\\admin' }),
  sysmon({ CommandLine: '🇭🇷 whoami', Image: 'C:\\cmd.exe', User: 'CORP\\Admin', ProcessId: 4242 }),
  sysmon({ User: 'corp\\admİn' }),
  sysmon({ User: 'corp\\admın' }),
  sysmon({ User: 'CORP\\ADMΣ' }),
  sysmon({ User: ['nobody', 'Corp\\Admin'] }),
  sysmon({ User: { '#text': 'corp\\admin', Domain: 'x' } }),
  sysmon({ CommandLine: 'xABC123' }),
  sysmon({ CommandLine: 'xabc123' }),
  sysmon({ CommandLine: 'POWERSHELL -nop -ENC aaaa' }),
  sysmon({ CommandLine: 'powershell\n-enc' }),
  ...[
    4242,
    '4242',
    ' 4242 ',
    '0x1092',
    4242.0,
    '4242.0',
    '4.242e3',
    '+4242',
    true,
    'Infinity',
    null,
    '',
    [1, 4242],
  ].map((ProcessId) => sysmon({ ProcessId })),
  ...[
    '10.1.2.3',
    '010.1.2.3',
    '::ffff:10.1.2.3',
    '10.1.2',
    'fe80::1',
    '11.0.0.1',
    167837953,
    '10.0.0.256',
  ].map((DestinationIp) => sysmon({ DestinationIp })),
  sysmon({ Description: 'Mimikatz was here', Nested: { deep: ['x', 'MIMIKATZ'] } }),
  sysmon({ CommandLine: 0.5 }),
  sysmon({ CommandLine: 1e21 }),
  '{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "CommandLine": 9007199254740993}',
  sysmon({ Channel: 'Microsoft-Windows-Sysmon/OperationalΣ', CommandLine: 'x' }),
  sysmon({ CommandLine: -0 }),
  sysmon({ CommandLine: 1.5e-7 }),
  '{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": "a", "Image": "C:\\\\cmd.exe", "CommandLine": "whoami"}',
  '{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "CommandLine": "whoami \\ud800", "Image": "x\\\\cmd.exe"}',
  '{"EventID": "1", "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": "x\\\\cmd.exe", "CommandLine": "whoami"},',
  '  ',
  '[',
  JSON.stringify({
    Event: {
      System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational' },
      EventData: { Image: 'c:\\cmd.exe', CommandLine: 'whoami' },
    },
  }),
  JSON.stringify({
    '@timestamp': '2026-11-20T09:10:00Z',
    event: { category: 'process' },
    process: { name: 'cmd.exe', command_line: 'whoami' },
  }),
  sysmon({ Image: 'C:\\cmd.exe', CommandLine: 'whoami' }),
  ...LIST_TESTS_MATCHING,
  sysmon({ Image: 'c:\\windows\\rundll32.exe', ParentImage: 'C:\\WINDOWS\\EXPLORER.EXE' }),
  sysmon({ CommandLine: 'invoke-mimikatz -dumpcreds' }),
  sysmon({ Description: 'xx span', Product: 'ning yy' }),
  sysmon({ Description: 'xx SPANNING' }),
  sysmon({ Description: 'span', Nested: { deep: ['ning', 'x'] } }),
  ...[
    { process: { name: 'CMD.EXE' } },
    { process: { name: 'calc.exe' } },
    { process: { name: null } },
    { process: {} },
    { process: { name: ['bash', 'zsh'] } },
  ].map((fields) =>
    JSON.stringify({
      '@timestamp': '2026-11-20T09:10:00Z',
      event: { category: 'process', type: 'start' },
      ...fields,
    }),
  ),
];

function textJob(text: string) {
  return {
    kind: 'text' as const,
    file: 'probe.jsonl',
    line: 1,
    bytes: Buffer.from(text),
    end: 'file' as const,
    id: 0,
  };
}

function plain(result: JobResult) {
  return {
    schema: [...result.schema],
    line: [...result.line],
    start: [...result.start],
    end: [...result.end],
    matchEnd: [...result.matchEnd],
    matches: [...result.matches],
    messages: result.messages,
  };
}

async function probeRules(): Promise<Rule[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-native-'));
  writeFileSync(join(dir, 'rules.yml'), RULES);
  writeFileSync(join(dir, 'not-a-shell.toml'), EQL_RULE);
  const loaded = await loadRules([dir]);
  expect(loaded.errors).toEqual([]);
  return loaded.rules;
}

/** The results of matching `text` with and without native screening (the native matcher warmed up first). */
function bothWays(rules: readonly Rule[], text: string) {
  const schemas = huntSchemas('auto');
  const js = new PieceMatcher(rules, schemas, { native: false });
  const native = new PieceMatcher(rules, schemas);
  expect(native.screening).toBeDefined();
  // The first run compiles each schema (its first event is matched in JS); in the second, JS evaluates each rule's
  // first candidate event and hands its program over; the third is screened and evaluated natively.
  matchJob(native, textJob(text));
  matchJob(native, textJob(text));
  return {
    js: plain(matchJob(js, textJob(text))),
    native: plain(matchJob(native, textJob(text))),
    native2: native,
  };
}

describe.skipIf(!built)(`native screening${note}`, () => {
  it('gives the JS path’s results on events probing numbers, case, regexes, keys and malformed lines', async () => {
    const rules = await probeRules();
    const text = `\ufeff${LINES.join('\n')}\n{"EventID": 1, broken\n${LINES.slice(0, 5).join('\n')}\n`;
    const { js, native, native2: matcher } = bothWays(rules, text);
    expect(native).toEqual(js);
    // The third run's matches were found natively, not by JS.
    const screened = matcher.screening!.screen(Buffer.from(text), 3, 1);
    expect(screened.matches.length).toBeGreaterThan(10);
    expect(js.matches.length).toBeGreaterThan(15);
    expect(js.messages.length).toBe(1); // the broken line, reported by the JS reader the screen hands over to
  });

  it('screens the rest of a piece natively once matching its first event by JS compiled the schema', async () => {
    const rules = await probeRules();
    const lines = Array.from({ length: 40 }, (_, i) =>
      sysmon({ Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: i % 3 ? 'cmd /c whoami' : 'dir' }),
    );
    const text = `${lines.join('\n')}\n`;
    const schemas = huntSchemas('auto');
    const native = new PieceMatcher(rules, schemas);
    const byJs = vi.spyOn(native, 'match');
    const result = plain(matchJob(native, textJob(text)));
    // The first event waits for its schema's plan and is matched by JS; the other 39 are screened.
    expect(byJs).toHaveBeenCalledTimes(1);
    expect(result).toEqual(
      plain(matchJob(new PieceMatcher(rules, schemas, { native: false }), textJob(text))),
    );
    expect(result.matches.length).toBeGreaterThan(20);
  });

  it('screens ordinary events itself and leaves to JS only what it cannot answer as JS would', async () => {
    const rules = await probeRules();
    const { native2: matcher } = bothWays(rules, `${LINES.join('\n')}\n`);
    const screened = matcher.screening!.screen(Buffer.from(`${LINES.join('\n')}\n`), 0, 1);
    const byJs = [...screened.schema.keys()].filter((i) => screened.schema[i] === SCREEN_BY_JS);
    const lineOf = (i: number) => LINES[screened.line[i]! - 1]!;
    // A capital sigma in a value looked up in lower case (its lower case depends on what follows); numbers JS prints
    // with an exponent (1e+21, 1.5e-7) or past 2^53, read by a rule's test.
    expect(byJs.map(lineOf).sort()).toEqual(
      LINES.filter((line) => /OperationalΣ|1e\+21|1\.5e-7|9007199254740993/.test(line)).sort(),
    );
    // The line escaping a lone surrogate is handed over with the rest of the piece.
    expect(screened.resumeLine).toBe(LINES.findIndex((line) => line.includes('\\ud800')) + 1);
  });

  it('evaluates lists of tests on one field, keywords and EQL nulls natively, as JS does', async () => {
    const rules = await probeRules();
    // Without the lines from which the screen hands the rest of a piece over to JS.
    const lines = LINES.filter((line) => !line.includes('\\ud800') && line !== '[');
    const text = `${lines.join('\n')}\n`;
    const { js, native2: matcher } = bothWays(rules, text);
    const screened = matcher.screening!.screen(Buffer.from(text), 0, 1);
    const linesMatching = (
      title: string,
      result: { line: ArrayLike<number>; matchEnd: ArrayLike<number>; matches: ArrayLike<number> },
    ) => {
      const rule = rules.findIndex((r) => r.meta.title === title);
      const found: string[] = [];
      for (let i = 0; i < result.line.length; i++) {
        const from = i === 0 ? 0 : result.matchEnd[i - 1]!;
        for (let m = from; m < result.matchEnd[i]!; m++)
          if (result.matches[m] === rule) found.push(lines[result.line[i]! - 1]!);
      }
      return found;
    };
    const expected = {
      'lists of tests on one field': [
        sysmon({ CommandLine: 'POWERSHELL -nop -ENC aaaa' }),
        ...LIST_TESTS_MATCHING,
      ],
      'keyword spanning two values': [sysmon({ Description: 'xx SPANNING' })],
      // EQL's \`in\` is case-sensitive; a null or missing name makes the negation null, and an array matches by any value.
      'not a shell': lines.filter((line) => /"name":"(CMD\.EXE|calc\.exe)"/.test(line)),
    };
    expect(screened.resumeAt).toBe(-1);
    for (const [title, matching] of Object.entries(expected)) {
      expect(linesMatching(title, js)).toEqual(matching);
      expect(linesMatching(title, screened)).toEqual(matching); // found by the native screen itself
    }
  });
  it('finds the many long literals of a field and of keywords through gram indexes, as JS does', async () => {
    // 80 long literals on one field and 80 keywords: enough for both scanners to index them by their windows.
    const tokens = Array.from({ length: 160 }, (_, i) => `tool${i}-run\\x${(i * 7919) % 1000}`);
    const rulesText = tokens
      .map(
        (token, i) => `title: long literal ${i}
logsource: {product: windows, category: process_creation}
detection:
  ${i % 2 ? `selection: {CommandLine|contains: '${token}'}` : `keywords: ['*${token}*']`}
  condition: ${i % 2 ? 'selection' : 'keywords'}`,
      )
      .join('\n---\n');
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-native-'));
    writeFileSync(join(dir, 'rules.yml'), rulesText);
    const loaded = await loadRules([dir]);
    expect(loaded.errors).toEqual([]);
    const lines = tokens.flatMap((token, i) => [
      sysmon({ CommandLine: `c:\\${i % 3 ? token.toUpperCase() : token} é /q`, Description: 'x' }),
      sysmon({ CommandLine: 'other', Description: `→ ${token.slice(0, -1)}` }), // all but the last letter
      sysmon({ CommandLine: 'other', Nested: { deep: [`${token}ſ`] } }),
    ]);
    const text = `${lines.join('\n')}\n`;
    const { js, native, native2: matcher } = bothWays(loaded.rules, text);
    expect(native).toEqual(js);
    const screened = matcher.screening!.screen(Buffer.from(text), 0, 1);
    expect(screened.resumeAt).toBe(-1);
    // Each command line holds its rule's literal (keywords: any value does); nothing matches a cut literal.
    expect([...screened.matchEnd].map((end, i) => end - (i ? screened.matchEnd[i - 1]! : 0))).toEqual(
      tokens.flatMap((_, i) => [1, 0, i % 2 ? 0 : 1]),
    );
    expect([...screened.matches]).toEqual(tokens.flatMap((_, i) => (i % 2 ? [i] : [i, i])));
  });
});

describe('loading the native addon', () => {
  it('falls back to JS with a message when the addon cannot be loaded, and fails when DRAGNET_NATIVE=1', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dragnet-addon-')), 'dragnet_native.node');
    writeFileSync(path, 'not a shared object');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(loadAddon(path, undefined)).toBeUndefined();
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/cannot be loaded: .*; matching in JS/);
    } finally {
      stderr.mockRestore();
    }
    expect(() => loadAddon(path, '1')).toThrow(/DRAGNET_NATIVE=1 but the native addon .* cannot be loaded/);
    expect(loadAddon(path, '0')).toBeUndefined();
    expect(() => loadAddon(`${path}.missing`, '1')).toThrow(/not built/);
  });
});
