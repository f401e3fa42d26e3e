// Turns a parsed statement into the IR: a detection for event queries, a sequence aggregation otherwise.
import { and, type Expr, match } from '../../../ir/expr.js';
import type { SequenceAggregation, SequenceStep } from '../../../ir/rule.js';
import type { EventQueryNode, ExprNode, QueryNode, TermNode } from './ast.js';
import { translateCondition } from './condition.js';
import { resolveOperand } from './operand.js';
import type { TranslationContext } from './translation-context.js';

/** The field holding an event's category, matched by `<category> where …`. */
export const EVENT_CATEGORY_FIELD = 'event.category';

export interface EqlQuery {
  /** The condition of `<category> where <cond>` / `any where <cond>`; undefined for sequences and samples. */
  detection?: Expr;
  /**
   * `sequence …` queries. A `sample …` query is also given here, its steps in written order, with
   * "sample" in `notEvaluable`: a sample joins its events in any order, which no IR aggregation expresses.
   */
  sequence?: SequenceAggregation;
  /** Constructs parsed but not expressible in the IR, e.g. "function concat()"; empty when fully expressed. */
  notEvaluable: string[];
}

export function translateQuery(query: QueryNode, ctx: TranslationContext): EqlQuery {
  let result: Omit<EqlQuery, 'notEvaluable'>;
  if (query.kind === 'event') result = { detection: translateEventQuery(query, ctx) };
  else {
    if (query.kind === 'sample') ctx.note('sample');
    const sequence: SequenceAggregation = {
      kind: 'sequence',
      by: joinKeys(query.by, ctx),
      ...(query.kind === 'sequence' && query.maxspanMs !== undefined ? { maxspanMs: query.maxspanMs } : {}),
      steps: query.terms.map((term) => translateTerm(term, ctx)),
      ...(query.kind === 'sequence' && query.until ? { until: translateTerm(query.until, ctx) } : {}),
    };
    result = { sequence };
  }
  return { ...result, notEvaluable: ctx.notEvaluable };
}

function translateEventQuery(query: EventQueryNode, ctx: TranslationContext): Expr {
  const condition = translateCondition(query.condition, ctx);
  if (query.category === undefined) return condition;
  const category = match(EVENT_CATEGORY_FIELD, {
    kind: 'string',
    op: 'equals',
    value: query.category,
    caseSensitive: true,
  });
  return and([category, condition]);
}

function translateTerm(term: TermNode, ctx: TranslationContext): SequenceStep {
  return {
    expr: translateEventQuery(term.query, ctx),
    by: joinKeys(term.by, ctx),
    ...(term.runs === undefined ? {} : { runs: term.runs }),
    ...(term.missing ? { missing: true } : {}),
  };
}

/** Join keys are field names; any other expression is kept as its source text and noted as not evaluable. */
function joinKeys(keys: ExprNode[], ctx: TranslationContext): string[] {
  return keys.map((key) => {
    const operand = resolveOperand(key);
    if (operand.kind === 'field' && !operand.transform) return operand.field;
    ctx.note('join key expression');
    return ctx.source.slice(key.span);
  });
}
