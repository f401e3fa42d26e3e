// The prefilter never drops a rule that is true for an event (random rules and oddly shaped events), and does filter.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { tokenShares } from '../../src/engine/prefilter/atom-cost.js';
import { Prefilter } from '../../src/engine/prefilter/prefilter.js';
import { planPrefilter } from '../../src/engine/prefilter/prefilter-plan.js';
import { sharedConjuncts } from '../../src/engine/prefilter/shared-conjuncts.js';
import type { Expr } from '../../src/ir/expr.js';
import type { Matcher, StringOp } from '../../src/ir/matcher.js';
import type { LogicMode } from '../../src/ir/rule.js';

const WORDS = [
  '0xC',
  ' 12.0',
  'cmd',
  'Cmd.EXE',
  'power',
  'SHELL',
  'ſhell',
  'İx',
  'K',
  '\u212a',
  'σας',
  '12',
  '1',
  '-',
  '\\',
  'a b',
];
const FIELDS = ['Image', 'CommandLine', 'proc.name', 'flat.key', 'list'];
const OPS: StringOp[] = ['equals', 'contains', 'startswith', 'endswith'];

function text(rng: Prng): string {
  let out = '';
  for (let i = rng.int(1, 3); i > 0; i--) {
    const word = rng.pick(WORDS);
    out += rng.chance(0.3) ? word.toUpperCase() : rng.chance(0.3) ? word.toLowerCase() : word;
  }
  return out;
}

function matcher(rng: Prng): Matcher {
  const r = rng.float();
  if (r < 0.45)
    return { kind: 'string', op: rng.pick(OPS), value: text(rng), caseSensitive: rng.chance(0.2) };
  if (r < 0.6)
    return {
      kind: 'wildcard',
      parts: [
        { type: 'literal', text: text(rng) },
        { type: rng.chance(0.5) ? 'any' : 'one' },
        { type: 'literal', text: text(rng) },
      ],
      caseSensitive: rng.chance(0.2),
    };
  if (r < 0.72)
    return {
      kind: 'regex',
      pattern: rng.pick(['cmd\\.exe', '(?i)power(shell|ſhell)', 'a b|12', '^1$', 'k+', '[0-9]{2}', 'İx?']),
      flags: { ignoreCase: rng.chance(0.5), multiline: false, dotAll: false },
    };
  if (r < 0.8) return { kind: 'number', value: rng.pick([1, 12]) };
  if (r < 0.86) return { kind: 'null' };
  if (r < 0.92) return { kind: 'bool', value: rng.chance(0.5) };
  return { kind: 'placeholder', name: 'p' };
}

function expr(rng: Prng, depth: number): Expr {
  const r = rng.float();
  if (depth > 0 && r < 0.25)
    return { kind: 'and', children: [expr(rng, depth - 1), expr(rng, depth - 1), expr(rng, depth - 1)] };
  if (depth > 0 && r < 0.45) return { kind: 'or', children: [expr(rng, depth - 1), expr(rng, depth - 1)] };
  if (depth > 0 && r < 0.52) return { kind: 'not', child: expr(rng, depth - 1) };
  if (r < 0.56) return { kind: 'exists', field: rng.pick(FIELDS) };
  if (r < 0.6) return { kind: 'keyword', matcher: matcher(rng) };
  if (r < 0.62) return { kind: 'const', value: rng.chance(0.5) };
  if (r < 0.64)
    return {
      kind: 'fieldref',
      field: rng.pick(FIELDS),
      other: rng.pick(FIELDS),
      op: 'equals',
      caseSensitive: false,
    };
  if (r < 0.66)
    return { kind: 'nested', path: 'list', child: { kind: 'match', field: 'name', matcher: matcher(rng) } };
  return { kind: 'match', field: rng.pick(FIELDS), matcher: matcher(rng) };
}

/** Logsource-like conditions that several rules share: the prefilter's gates. */
const GATES: Expr[] = [
  { kind: 'match', field: 'EventID', matcher: { kind: 'number', value: 1 } },
  { kind: 'match', field: 'EventID', matcher: { kind: 'number', value: 12 } },
  {
    kind: 'or',
    children: [
      {
        kind: 'match',
        field: 'Channel',
        matcher: { kind: 'string', op: 'equals', value: 'Sysmon', caseSensitive: false },
      },
      { kind: 'match', field: 'Channel', matcher: { kind: 'null' } },
    ],
  },
  {
    kind: 'match',
    field: 'Channel',
    matcher: { kind: 'string', op: 'equals', value: 'Security', caseSensitive: true },
  },
  { kind: 'exists', field: 'proc.name' },
];

/** A rule: sometimes gated like a mapped logsource (one or two variants), sometimes not. */
function rule(rng: Prng): Expr {
  const r = rng.float();
  if (r < 0.4) return { kind: 'and', children: [rng.pick(GATES), rng.pick(GATES), expr(rng, 3)] };
  if (r < 0.6)
    return {
      kind: 'or',
      children: [
        { kind: 'and', children: [rng.pick(GATES), expr(rng, 2)] },
        { kind: 'and', children: [rng.pick(GATES), expr(rng, 2)] },
      ],
    };
  return expr(rng, 3);
}

function value(rng: Prng): unknown {
  const r = rng.float();
  if (r < 0.6) return text(rng);
  if (r < 0.7) return rng.pick([1, 12, 1.5, 0]);
  if (r < 0.75) return null;
  if (r < 0.8) return rng.chance(0.5);
  if (r < 0.88) return [text(rng), rng.pick([1, 12])];
  return { '#text': text(rng), '#attributes': { Name: text(rng) } };
}

function event(rng: Prng): JsonObject {
  const out: JsonObject = {};
  if (rng.chance(0.8)) out.Image = value(rng);
  if (rng.chance(0.8)) out.CommandLine = value(rng);
  if (rng.chance(0.5)) out.proc = { name: value(rng) };
  if (rng.chance(0.3)) out['proc.name'] = value(rng);
  if (rng.chance(0.5)) out['flat.key'] = value(rng);
  if (rng.chance(0.3)) out.flat = { key: value(rng) };
  if (rng.chance(0.4)) out.list = [{ name: value(rng) }, { name: value(rng) }];
  if (rng.chance(0.3)) out.Other = value(rng);
  if (rng.chance(0.8)) out.EventID = rng.pick([1, 12, '1', ' 12', '0x1', 3]);
  if (rng.chance(0.7)) out.Channel = rng.pick(['Sysmon', 'SYSMON', 'Security', 'security', null]);
  return out;
}

/** A case-insensitive string test of a field. */
function stringTest(field: string, op: StringOp, value: string): Expr {
  return { kind: 'match', field, matcher: { kind: 'string', op, value, caseSensitive: false } };
}

/** The rules with 50 unrelated rules after them. */
function withUnrelated(
  rules: readonly Expr[],
  unrelated: (text: string) => Expr = (text) => stringTest('Other', 'equals', text),
): Expr[] {
  return [...rules, ...Array.from({ length: 50 }, (_, i) => unrelated(`unrelated value ${i}`))];
}

/**
 * The candidate slots of `rules` for an event, with 50 unrelated rules after them: as in a real rule set, the cost
 * model judges atoms by how few rules share their words.
 */
function candidateSlots(
  rules: readonly Expr[],
  unrelated: (text: string) => Expr = (text) => stringTest('Other', 'equals', text),
): (event: JsonObject) => number[] {
  const exprs = withUnrelated(rules, unrelated);
  const prefilter = new Prefilter(planPrefilter(exprs, new Map(), tokenShares(exprs)));
  return (event) => [...prefilter.candidates(new EventView(event))].sort();
}

describe('Prefilter', () => {
  for (const mode of ['boolean', 'ternary'] as LogicMode[]) {
    it(`keeps every rule that is true (${mode} logic)`, () => {
      const rng = new Prng(mode === 'boolean' ? 11 : 12);
      let trueCount = 0;
      let candidateCount = 0;
      let evaluated = 0;
      for (let round = 0; round < 40; round++) {
        const exprs = Array.from({ length: 60 }, () => rule(rng));
        const given = sharedConjuncts(exprs.map((detection) => ({ detection, logic: mode })));
        const predicates = exprs.map((e) => compileExpr(e, mode, given));
        const prefilter = new Prefilter(planPrefilter(exprs, given, tokenShares(exprs)));
        for (let n = 0; n < 100; n++) {
          const view = new EventView(event(rng));
          const candidates = new Set(prefilter.candidates(view));
          predicates.forEach((predicate, slot) => {
            evaluated++;
            if (predicate(view) !== true) return;
            trueCount++;
            if (!candidates.has(slot))
              expect.fail(
                `slot ${slot} dropped: ${JSON.stringify(exprs[slot])} on ${JSON.stringify(view.raw)}`,
              );
          });
          candidateCount += candidates.size;
        }
      }
      expect(trueCount).toBeGreaterThan(1000);
      expect(candidateCount).toBeLessThan(evaluated * 0.8);
    });
  }

  it('needs every conjunct of some branch: one selection alone does not make a candidate', () => {
    const shellWhoami: Expr = {
      kind: 'and',
      children: [
        stringTest('Image', 'endswith', '\\cmd.exe'),
        stringTest('CommandLine', 'contains', 'whoami /all'),
      ],
    };
    const twoVariants: Expr = {
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            stringTest('Image', 'endswith', '\\rundll32.exe'),
            stringTest('CommandLine', 'contains', 'javascript:'),
          ],
        },
        {
          kind: 'and',
          children: [
            stringTest('proc.name', 'equals', 'rundll32.exe'),
            stringTest('proc.args', 'contains', 'javascript:'),
          ],
        },
      ],
    };
    const slots = candidateSlots([shellWhoami, twoVariants]);
    expect(slots({ Image: 'C:\\Windows\\cmd.exe', CommandLine: 'cmd /c dir' })).toEqual([]);
    expect(slots({ Image: 'C:\\Windows\\CMD.EXE', CommandLine: 'cmd /c WHOAMI /ALL' })).toEqual([0]);
    // Atoms of different branches do not add up to a candidate.
    expect(slots({ Image: 'x\\rundll32.exe', proc: { args: 'javascript:x' } })).toEqual([]);
    expect(slots({ proc: { name: 'rundll32.exe', args: 'javascript:x' } })).toEqual([1]);
  });

  it('keeps the needs of every atom cut to the window another atom is', () => {
    // Long atoms are cut to their rarest 8-character window: 'abcdefghi' to 'bcdefghi' (both its windows are in
    // another atom too, the last wins), the atom of rule 2 itself; their needs are merged.
    const rules = [
      stringTest('CommandLine', 'contains', 'abcdefghi'),
      stringTest('CommandLine', 'contains', 'zabcdefghi'),
      stringTest('CommandLine', 'contains', 'bcdefghi'),
      stringTest('CommandLine', 'contains', 'abcdefghiz'),
    ];
    const slots = candidateSlots(rules);
    expect(slots({ CommandLine: 'run ABCDEFGHI now' })).toEqual([0, 2]);
    expect(slots({ CommandLine: 'run bcdefghi now' })).toEqual([0, 2]);
    expect(slots({ CommandLine: 'run zabcdefghiz now' })).toEqual([0, 1, 2, 3]);
    expect(slots({ CommandLine: 'run abcdefgh now' })).toEqual([]);
  });

  it('looks for regexes without a literal worth scanning for as patterns: a candidate only when one matches', () => {
    const regex = (field: string, pattern: string, ignoreCase = false): Expr => ({
      kind: 'match',
      field,
      matcher: { kind: 'regex', pattern, flags: { ignoreCase, multiline: false, dotAll: false } },
    });
    const hexArguments = regex('CommandLine', '\\s[a-f0-9]{16}\\s[a-f0-9]{8}');
    // A regex whose only literal (`) is too common to scan for, or a literal: the regex becomes a pattern.
    const shortOrRegex: Expr = {
      kind: 'or',
      children: [regex('CommandLine', '`[a-z]+`', true), stringTest('Image', 'contains', 'x.exe')],
    };
    const slots = candidateSlots([hexArguments, shortOrRegex]);
    expect(slots({ CommandLine: 'setup.exe 0123456789abcdef 01234567 and more text' })).toEqual([0]);
    expect(slots({ CommandLine: 'setup.exe 0123456789abcdef' })).toEqual([]);
    expect(slots({ CommandLine: 'iex `NEW`-object', Image: 'a' })).toEqual([1]);
    expect(slots({ CommandLine: 'plain', Image: 'C:\\X.EXE' })).toEqual([1]);
    expect(slots({ CommandLine: 'plain', Image: 'a' })).toEqual([]);
  });

  it('finds a keyword in any one value of the event, never across two values', () => {
    const keyword = (value: string): Expr => ({
      kind: 'keyword',
      matcher: { kind: 'string', op: 'contains', value, caseSensitive: false },
    });
    const slots = candidateSlots([keyword('\\perfc.dat')], keyword);
    expect(slots({ a: 'C:\\Windows\\PERFC.DAT', b: 1 })).toEqual([0]);
    expect(slots({ a: 1, nested: { list: ['x', 'C:\\Windows\\perfc.dat'] } })).toEqual([0]);
    expect(slots({ a: 'C:\\Windows\\perfc', b: '.dat' })).toEqual([]);
    expect(slots({ a: 'C:\\Windows\\perf', b: ['c.dat'] })).toEqual([]);
  });

  it('looks up values where no literal is worth scanning for: numbers, short texts, existence', () => {
    const port: Expr = { kind: 'match', field: 'DestinationPort', matcher: { kind: 'number', value: 3389 } };
    const version: Expr = { kind: 'exists', field: 'http.version' };
    const flag = stringTest('Flag', 'equals', 'k');
    const mode: Expr = {
      kind: 'match',
      field: 'Mode',
      matcher: { kind: 'string', op: 'equals', value: 'x', caseSensitive: true },
    };
    const slots = candidateSlots([port, version, flag, mode]);
    expect(slots({ DestinationPort: 3389 })).toEqual([0]);
    expect(slots({ DestinationPort: [80, ' 3389'] })).toEqual([0]);
    expect(slots({ DestinationPort: '0xd3d' })).toEqual([0]); // 3389, as number matchers read it
    expect(slots({ DestinationPort: 3390, Other: 3389 })).toEqual([]);
    expect(slots({ http: { version: '1.1' } })).toEqual([1]);
    expect(slots({ 'http.version': null })).toEqual([1]);
    expect(slots({ http: { method: 'GET' }, version: 2 })).toEqual([]);
    expect(slots({ Flag: 'K', Mode: 'x' })).toEqual([2, 3]);
    expect(slots({ Flag: 'kk', Mode: 'X' })).toEqual([]);
  });

  it('splits `1 of selection_*` into its selections: each needs atoms of all its tests', () => {
    const selections: Expr = {
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            stringTest('CommandLine', 'contains', 'netstat -aon'),
            stringTest('CommandLine', 'contains', ' > %temp%\\~'),
          ],
        },
        {
          kind: 'and',
          children: [
            stringTest('Image', 'endswith', '\\rundll32.exe'),
            stringTest('CommandLine', 'contains', '.dat,#1'),
          ],
        },
      ],
    };
    const gated: Expr = { kind: 'and', children: [GATES[0]!, selections] };
    const slots = candidateSlots([gated, gated]);
    // One test of each selection: no selection can be true.
    expect(slots({ EventID: 1, Image: 'C:\\rundll32.exe', CommandLine: 'netstat -aon' })).toEqual([]);
    expect(slots({ EventID: 1, Image: 'C:\\x.exe', CommandLine: 'netstat -aon > %TEMP%\\~a' })).toEqual([
      0, 1,
    ]);
    expect(slots({ EventID: 1, Image: 'C:\\RUNDLL32.EXE', CommandLine: 'x.dat,#1' })).toEqual([0, 1]);
  });

  it('reports a need many rules share once per event: each rule is told apart by its own rarer need', () => {
    const exprs = Array.from(
      { length: 10 },
      (_, i): Expr => ({
        kind: 'and',
        children: [
          stringTest('Image', 'endswith', '\\powershell.exe'),
          stringTest('CommandLine', 'contains', `-marker${i}-`),
        ],
      }),
    );
    const all = withUnrelated(exprs);
    const plan = planPrefilter(all, new Map(), tokenShares(all));
    // One need per rule, and the shared image once (not once per rule).
    expect(plan.slotOfBranch).toHaveLength(60);
    expect(plan.needCount).toBe(61);
    const slots = candidateSlots(exprs);
    expect(slots({ Image: 'C:\\x\\PowerShell.exe', CommandLine: 'a -MARKER7- b' })).toEqual([7]);
    expect(slots({ Image: 'C:\\x\\powershell.exe', CommandLine: '-marker3- -marker9-' })).toEqual([3, 9]);
    expect(slots({ Image: 'C:\\x\\cmd.exe', CommandLine: 'a -marker7- b' })).toEqual([]);
    expect(slots({ Image: 'C:\\x\\powershell.exe', CommandLine: 'nothing' })).toEqual([]);
  });
});
