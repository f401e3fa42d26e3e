// Re-renders the Elastic detection-rules corpus with the KQL and EQL backends: every rule either renders to a
// query the dragnet parser reads back to an expression matching the same events, or is refused by name.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eqlBackend } from '../../src/backends/elastic/eql.js';
import { kueryBackend } from '../../src/backends/elastic/kuery.js';
import { type Backend, type TargetRule, UnsupportedConstruct } from '../../src/backends/target.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { parseEql } from '../../src/formats/elastic/eql/index.js';
import { parseKuery } from '../../src/formats/elastic/kuery/index.js';
import { loadRules } from '../../src/formats/load-rules.js';
import { type Expr, walkExpr } from '../../src/ir/expr.js';
import type { LogicMode, Rule, SequenceAggregation } from '../../src/ir/rule.js';
import { absentNote, ELASTIC_CORPUS } from '../helpers/shared.js';

function targetOf(rule: Rule): TargetRule {
  return { rule, detection: rule.detection!, sources: rule.logsource.indices ?? [], mapField: (f) => f };
}

/** Values near each literal of the expression, per field: the literal, its upper case, with text around it. */
function candidateValues(expr: Expr): Map<string, unknown[]> {
  const values = new Map<string, unknown[]>();
  const add = (field: string, ...found: unknown[]) =>
    values.set(field, [...(values.get(field) ?? []), ...found]);
  walkExpr(expr, (node) => {
    if (node.kind !== 'match') return;
    const m = node.matcher;
    if (m.kind === 'string')
      add(node.field, m.value, m.value.toUpperCase(), `x${m.value}x`, `${m.value}x`, `x${m.value}`);
    else if (m.kind === 'wildcard') {
      const text = m.parts.map((p) => (p.type === 'literal' ? p.text : 'a')).join('');
      add(node.field, text, text.toUpperCase());
    } else if (m.kind === 'number') add(node.field, m.value, m.value + 1);
    else if (m.kind === 'compare' && typeof m.value === 'number')
      add(node.field, m.value - 1, m.value, m.value + 1);
    else if (m.kind === 'cidr') add(node.field, m.cidr.split('/')[0]);
    else if (m.kind === 'bool') add(node.field, true, false);
  });
  return values;
}

/** Single-value events for every candidate, then seeded random combinations of them. */
function eventsFor(expr: Expr): JsonObject[] {
  const candidates = [...candidateValues(expr)];
  const events: JsonObject[] = [{}];
  for (const [field, values] of candidates) for (const value of values) events.push({ [field]: value });
  let seed = 99;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < 300; i++) {
    const event: JsonObject = {};
    for (const [field, values] of candidates) {
      if (random() < 0.3) continue;
      event[field] = values[Math.floor(random() * values.length)];
    }
    events.push(event);
  }
  return events;
}

function sameMatches(a: Expr, b: Expr, logic: LogicMode): boolean {
  const left = compileExpr(a, logic);
  const right = compileExpr(b, logic);
  return eventsFor(a).every((raw) => {
    const view = new EventView(raw);
    return (left(view) === true) === (right(view) === true);
  });
}

function sameSequence(a: SequenceAggregation, b: SequenceAggregation | undefined, logic: LogicMode): boolean {
  if (!b || a.maxspanMs !== b.maxspanMs || JSON.stringify(a.by) !== JSON.stringify(b.by)) return false;
  const steps = (s: SequenceAggregation) => [...s.steps, ...(s.until ? [s.until] : [])];
  const [x, y] = [steps(a), steps(b)];
  return (
    x.length === y.length &&
    x.every((step, i) => {
      const other = y[i]!;
      const shape = (s: typeof step) => JSON.stringify([s.by, s.runs, s.missing]);
      return shape(step) === shape(other) && sameMatches(step.expr, other.expr, logic);
    })
  );
}

interface Outcome {
  same: number;
  different: string[];
  refused: Map<string, number>;
}

function reRender(rules: Rule[], backend: Backend, agrees: (rule: Rule, query: string) => boolean): Outcome {
  const outcome: Outcome = { same: 0, different: [], refused: new Map() };
  for (const rule of rules) {
    let query: string;
    try {
      query = backend.render(targetOf(rule));
    } catch (error) {
      if (!(error instanceof UnsupportedConstruct))
        throw new Error(`${rule.meta.title}: ${(error as Error).message}`);
      outcome.refused.set(error.construct, (outcome.refused.get(error.construct) ?? 0) + 1);
      continue;
    }
    if (agrees(rule, query)) outcome.same++;
    else outcome.different.push(`${rule.meta.title}\n${query}`);
  }
  return outcome;
}

describe.skipIf(!existsSync(ELASTIC_CORPUS))(
  `Elastic corpus re-rendered${absentNote(ELASTIC_CORPUS)}`,
  () => {
    it('renders kuery and eql rules to queries that match the same events', async () => {
      const { rules } = await loadRules([ELASTIC_CORPUS]);
      const evaluable = rules.filter((r) => r.detection && !r.notEvaluable.length && !r.extra.filters);
      const kuery = reRender(
        evaluable.filter((r) => r.language === 'kuery' && r.type === 'query'),
        kueryBackend,
        (rule, query) => sameMatches(rule.detection!, parseKuery(query), rule.logic),
      );
      const eql = reRender(
        evaluable.filter((r) => r.language === 'eql'),
        eqlBackend,
        (rule, query) => {
          const parsed = parseEql(query);
          return rule.aggregation?.kind === 'sequence'
            ? sameSequence(rule.aggregation, parsed.sequence, rule.logic)
            : sameMatches(rule.detection!, parsed.detection!, rule.logic);
        },
      );
      console.log('kuery re-rendered:', kuery.same, 'refused:', Object.fromEntries(kuery.refused));
      console.log('eql re-rendered:', eql.same, 'refused:', Object.fromEntries(eql.refused));
      expect(kuery.different).toEqual([]);
      expect(eql.different).toEqual([]);
      expect(kuery.same).toBeGreaterThan(450);
      expect(eql.same).toBeGreaterThan(1000);
    });
  },
);
