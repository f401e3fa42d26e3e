// Applies a pipeline to a rule: renames fields and adds the logsource conditions of the target schema.

import { UnsupportedConstruct } from '../backends/target.js';
import { and, type Expr, FALSE, mapLeaves, or, TRUE } from '../ir/expr.js';
import type { Rule } from '../ir/rule.js';
import type { LogsourceMapping, Pipeline, PipelineVariant } from './pipeline.js';

export interface MappedRule {
  detection: Expr;
  sources: string[];
  /** Maps one rule field to its (first) target field, for aggregation group-by fields. */
  mapField: (field: string) => string;
}

/**
 * The ECS event categories an expression requires (`event.category: process` as a top-level condition, or an
 * OR of such), used as the logsource category of rules written in ECS (Elastic rules carry only index patterns).
 */
export function requiredEcsCategories(expr: Expr | undefined): string[] {
  if (!expr) return [];
  if (
    expr.kind === 'match' &&
    expr.field === 'event.category' &&
    expr.matcher.kind === 'string' &&
    expr.matcher.op === 'equals'
  )
    return [expr.matcher.value.toLowerCase()];
  if (expr.kind === 'and') {
    for (const child of expr.children) {
      const found = requiredEcsCategories(child);
      if (found.length) return found;
    }
  }
  if (expr.kind === 'or') {
    const each = expr.children.map(requiredEcsCategories);
    if (each.every((c) => c.length)) return [...new Set(each.flat())];
  }
  return [];
}

function effectiveLogsource(rule: Rule): Rule['logsource'] {
  if (rule.taxonomy !== 'ecs' || rule.logsource.category) return rule.logsource;
  const categories = requiredEcsCategories(rule.detection);
  return categories.length === 1 ? { ...rule.logsource, category: categories[0]! } : rule.logsource;
}

const LOGSOURCE_KEYS = ['product', 'category', 'service'] as const;
/** Keys a mapping must name when the rule's logsource does. */
const SCOPE_KEYS = ['category', 'service'] as const;

/** Logsource mappings for the rule: those naming a subset of its logsource that covers its category and service. */
export function matchingLogsources(rule: Rule, pipeline: Pipeline): LogsourceMapping[] {
  const ls = effectiveLogsource(rule);
  const candidates: LogsourceMapping[] = [];
  // Plain loops: this runs for every rule against every mapping of the pipeline.
  mappings: for (const m of pipeline.logsources) {
    for (const k of LOGSOURCE_KEYS)
      if (m.logsource[k] !== undefined && m.logsource[k] !== ls[k]) continue mappings;
    for (const k of SCOPE_KEYS) if (ls[k] !== undefined && m.logsource[k] === undefined) continue mappings;
    candidates.push(m);
  }
  if (!candidates.length) return [];
  const specificity = (m: LogsourceMapping) => Object.keys(m.logsource).length;
  const best = Math.max(...candidates.map(specificity));
  return candidates.filter((m) => specificity(m) === best).slice(0, 1);
}

function targetsOf(field: string, variant: PipelineVariant | undefined, pipeline: Pipeline): string[] {
  const mapped = variant?.fields.get(field) ?? pipeline.fields.get(field);
  if (mapped) return mapped;
  switch (pipeline.unmapped.kind) {
    case 'keep':
      return [field];
    case 'fail':
      throw new UnsupportedConstruct(
        'unmapped field',
        `'${field}' has no mapping in pipeline ${pipeline.name}`,
      );
    case 'template':
      return [pipeline.unmapped.template.replace('{field}', field)];
  }
}

/** Replaces conditions on fields the source implies by true/false (see PipelineVariant.implied). */
function applyImplied(expr: Expr, implied: ReadonlyMap<string, string[]> | undefined): Expr {
  if (!implied?.size) return expr;
  return mapLeaves(expr, (leaf) => {
    const values = leaf.kind === 'match' || leaf.kind === 'exists' ? implied.get(leaf.field) : undefined;
    if (!values) return leaf;
    if (leaf.kind === 'exists') return TRUE;
    const m = leaf.kind === 'match' ? leaf.matcher : undefined;
    if (m?.kind !== 'string' || m.op !== 'equals') return leaf;
    const wanted = m.caseSensitive ? m.value : m.value.toLowerCase();
    const hit = values.some((v) => (m.caseSensitive ? v : v.toLowerCase()) === wanted);
    return hit ? TRUE : FALSE;
  });
}

/** Rewrites every field of the expression to its target names (OR over several targets). */
export function renameFields(expr: Expr, rename: (field: string) => string[]): Expr {
  return mapLeaves(expr, (leaf) => {
    switch (leaf.kind) {
      case 'match':
      case 'exists':
        return or(rename(leaf.field).map((field) => ({ ...leaf, field })));
      case 'fieldref':
        return or(
          rename(leaf.field).flatMap((field) =>
            rename(leaf.other).map((other) => ({ ...leaf, field, other })),
          ),
        );
      default:
        return leaf;
    }
  });
}

function describeLogsource(rule: Rule): string {
  return Object.entries(effectiveLogsource(rule))
    .filter(([k]) => k !== 'definition' && k !== 'indices')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** The rule's detection in the pipeline's field names with its logsource conditions; throws UnsupportedConstruct. */
export function mapRule(rule: Rule, pipeline: Pipeline): MappedRule {
  if (rule.taxonomy !== pipeline.taxonomy)
    throw new UnsupportedConstruct(
      'taxonomy',
      `rule fields are ${rule.taxonomy}, pipeline ${pipeline.name} maps ${pipeline.taxonomy}`,
    );
  const mappings = matchingLogsources(rule, pipeline);
  if (!mappings.length && pipeline.unmatchedLogsource === 'skip')
    throw new UnsupportedConstruct(
      'logsource',
      `{${describeLogsource(rule)}} has no mapping in pipeline ${pipeline.name}`,
    );
  const variants: (PipelineVariant | undefined)[] = mappings.length
    ? mappings.flatMap((m) => m.variants)
    : [undefined];
  const product = rule.logsource.product;
  const productCondition =
    product && !mappings.some((m) => m.logsource.product) ? (pipeline.products.get(product) ?? TRUE) : TRUE;
  const detection = rule.detection ?? TRUE;
  // Conditions of included fragments use generic names; the pipeline's own renames apply to them too.
  const conditionFields = (f: string) => pipeline.fields.get(f) ?? [f];
  const perVariant = variants.map((variant) =>
    and([
      renameFields(productCondition, conditionFields),
      renameFields(variant?.condition ?? TRUE, conditionFields),
      renameFields(applyImplied(detection, variant?.implied), (f) => targetsOf(f, variant, pipeline)),
    ]),
  );
  const sources = [...new Set(mappings.flatMap((m) => m.sources))];
  return {
    detection: or(perVariant),
    sources: sources.length
      ? sources
      : rule.logsource.indices?.length
        ? rule.logsource.indices
        : pipeline.defaultSources,
    mapField: (field) => targetsOf(field, variants[0], pipeline)[0]!,
  };
}

/** A rule field's name in the pipeline's schema (global renames and the unmapped policy; first target). */
export function mapFieldName(pipeline: Pipeline, field: string): string {
  try {
    return targetsOf(field, undefined, pipeline)[0]!;
  } catch {
    return field;
  }
}
