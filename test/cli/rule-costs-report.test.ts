// The --rule-stats report: one row per rule and schema, costliest first, as CSV, JSON, JSON lines or a table.
import { describe, expect, it } from 'vitest';
import { ruleCostsReport } from '../../src/cli/rule-costs-report.js';
import type { SchemaCost } from '../../src/engine/rule-costs.js';
import type { Rule } from '../../src/ir/rule.js';
import { sigmaRule } from '../helpers/sigma.js';

function named(title: string, id: string, line: number): Rule {
  const rule = sigmaRule('sel:\n  Image|endswith: .exe\ncondition: sel');
  return { ...rule, meta: { ...rule.meta, title, id }, source: { ...rule.source, file: 'r.yml', line } };
}

const rules = [named('Cheap, "quoted"', 'a', 1), named('Costly', 'b', 9)];
const costs: SchemaCost[] = [
  {
    schema: 'sysmon',
    events: 200,
    prefilterMs: 1,
    evaluationMs: 3,
    rules: [
      { rule: 0, evaluations: 50, matches: 2, ms: 0.5, noAtom: false },
      { rule: 1, evaluations: 200, matches: 0, ms: 2.5, noAtom: true },
    ],
  },
  { schema: 'ecs', events: 100, prefilterMs: 0.5, evaluationMs: 0, rules: [] },
];

describe('ruleCostsReport', () => {
  it('writes CSV with a header, costliest rule first, quoting titles', () => {
    const lines = ruleCostsReport(costs, rules, 'out.CSV').trim().split('\n');
    expect(lines[0]).toBe(
      'id,title,source,schema,schemaEvents,evaluations,evaluatedShare,matches,ms,microsPerEvaluation,noAtom',
    );
    expect(lines[1]).toBe('b,Costly,r.yml:9,sysmon,200,200,1,0,2.5,12.5,true');
    expect(lines[2]).toBe('a,"Cheap, ""quoted""",r.yml:1,sysmon,200,50,0.25,2,0.5,10,false');
    expect(lines).toHaveLength(3);
  });

  it('writes JSON with per-schema totals and the rows, and JSON lines of the rows', () => {
    const json = JSON.parse(ruleCostsReport(costs, rules, 'out.json'));
    expect(json.schemas).toEqual([
      { schema: 'sysmon', events: 200, prefilterMs: 1, evaluationMs: 3 },
      { schema: 'ecs', events: 100, prefilterMs: 0.5, evaluationMs: 0 },
    ]);
    expect(json.rules.map((row: { id: string }) => row.id)).toEqual(['b', 'a']);
    const lines = ruleCostsReport(costs, rules, 'out.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(json.rules);
    expect(lines[1]).toMatchObject({
      title: 'Cheap, "quoted"',
      evaluatedShare: 0.25,
      microsPerEvaluation: 10,
    });
  });

  it('writes a table with per-event times per schema and flags rules without an atom', () => {
    const table = ruleCostsReport(costs, rules, 'report.txt');
    expect(table).toContain(
      'schema sysmon: 200 events; µs per event: finding candidates 5.00, evaluating them 15.00',
    );
    const rows = table.split('\n').filter((line) => line.includes('r.yml'));
    expect(rows[0]).toMatch(
      /^\s+2\.5\s+100\.0%\s+12\.50\s+0 {2}sysmon {2}Costly {2}\[no atom\] {2}\(r\.yml:9\)$/,
    );
    expect(rows[1]).toMatch(/^\s+0\.5\s+25\.0%\s+10\.00\s+2 {2}sysmon {2}Cheap, "quoted" {2}\(r\.yml:1\)$/);
  });
});
