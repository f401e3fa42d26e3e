// Test helpers: load a Sigma rule from YAML text and evaluate it on events through a real pipeline.
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { loadSigmaText } from '../../src/formats/sigma/load.js';
import type { Placeholders } from '../../src/formats/sigma/placeholders.js';
import type { Rule } from '../../src/ir/rule.js';
import { mapRule } from '../../src/taxonomy/map-rule.js';
import { loadPipeline } from '../../src/taxonomy/pipeline.js';

/** A rule over flat events with no logsource condition: `detection` is the YAML of the detection section. */
export function sigmaRule(detection: string, placeholders?: Placeholders): Rule {
  const text = `title: test\nlogsource: {product: test}\ndetection:\n${detection.replace(/^/gm, '  ')}\n`;
  const result = loadSigmaText(text, 'test.yml', placeholders ? { placeholders } : {});
  if (result.errors.length) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return result.rules[0]!;
}

/** Whether the rule's detection (unmapped field names) is true for the event. */
export function detects(rule: Rule, event: JsonObject): boolean {
  return compileExpr(rule.detection!, rule.logic)(new EventView(event)) === true;
}

/** Shorthand: does this detection section match the event? */
export function sigmaMatches(detection: string, event: JsonObject): boolean {
  return detects(sigmaRule(detection), event);
}

/** Evaluates a full rule through a named built-in pipeline (logsource conditions and field renames included). */
export function detectsVia(rule: Rule, pipelineName: string, event: JsonObject): boolean {
  const mapped = mapRule(rule, loadPipeline(pipelineName));
  return compileExpr(mapped.detection, rule.logic)(new EventView(event)) === true;
}
