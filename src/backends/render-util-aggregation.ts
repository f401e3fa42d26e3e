// Dispatches a rule's aggregation to a pipeline language's renderers: the stages that follow the filter.
import type { CorrelationAggregation, NewTermsAggregation, Rule, ThresholdAggregation } from '../ir/rule.js';
import { UnsupportedConstruct } from './target.js';

/** One renderer per aggregation kind a pipeline language can express; `C` is what they need besides it. */
export interface AggregationRenderers<C> {
  /** The language's name, for the error on EQL sequences. */
  language: string;
  threshold(agg: ThresholdAggregation, ctx: C): string[];
  correlation(agg: CorrelationAggregation, ctx: C): string[];
  newTerms(agg: NewTermsAggregation, ctx: C): string[];
}

/** The stages following the filter; none for a rule without aggregation. */
export function renderAggregation<C>(rule: Rule, ctx: C, renderers: AggregationRenderers<C>): string[] {
  const agg = rule.aggregation;
  switch (agg?.kind) {
    case undefined:
      return [];
    case 'threshold':
      return renderers.threshold(agg, ctx);
    case 'correlation':
      return renderers.correlation(agg, ctx);
    case 'new_terms':
      if (!agg.fields.length) throw new UnsupportedConstruct('new_terms', 'no fields');
      return renderers.newTerms(agg, ctx);
    case 'sequence':
      throw new UnsupportedConstruct(
        'sequence',
        `EQL sequences have no faithful ${renderers.language} form in dragnet`,
      );
  }
}
