// Converts one rule to a target query: pipeline mapping, then the target's renderer; never a silently wrong query.
import { type Backend, type TargetRule, UnsupportedConstruct } from '../backends/target.js';
import type { Rule } from '../ir/rule.js';
import { mapRule } from '../taxonomy/map-rule.js';
import type { Pipeline } from '../taxonomy/pipeline.js';

export type Conversion = { ok: true; query: string } | { ok: false; error: string };

/** The pipeline for a rule's field vocabulary, or why there is none. */
export type PipelineChoice = (rule: Rule) => Pipeline | string;

export function convertRule(rule: Rule, backend: Backend, choosePipeline: PipelineChoice): Conversion {
  if (rule.notEvaluable.length && !rule.aggregation)
    return { ok: false, error: `not convertible: ${rule.notEvaluable.join('; ')}` };
  const pipeline = choosePipeline(rule);
  if (typeof pipeline === 'string') return { ok: false, error: pipeline };
  try {
    const mapped = mapRule(rule, pipeline);
    const target: TargetRule = {
      rule,
      detection: mapped.detection,
      sources: mapped.sources,
      mapField: mapped.mapField,
    };
    return { ok: true, query: backend.render(target) };
  } catch (error) {
    if (error instanceof UnsupportedConstruct)
      return { ok: false, error: `not convertible: ${error.message}` };
    return { ok: false, error: `conversion failed: ${(error as Error).message}` };
  }
}
