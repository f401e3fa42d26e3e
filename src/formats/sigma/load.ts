// Loads Sigma YAML files (rules, rule collections, correlations, filters) into IR rules with file:line errors.
import { and, type Expr, not } from '../../ir/expr.js';
import type { LoadError, LoadResult, Rule } from '../../ir/rule.js';
import { readYamlDocuments, type YamlDocument } from '../../util/yaml-documents.js';
import { readCorrelation } from './correlation.js';
import { DetectionError, readDetection } from './detection.js';
import type { ItemContext } from './detection-item.js';
import { extraKeys, isMap, readLogsource, readMetadata, type YamlMap } from './metadata.js';
import type { Placeholders } from './placeholders.js';

export interface SigmaLoadOptions {
  placeholders?: Placeholders;
}

/** A Sigma filter document: an exclusion added to the rules it names. */
export interface SigmaFilter {
  id: string;
  title: string;
  rules: string[];
  logsource: Rule['logsource'];
  taxonomy: Rule['taxonomy'];
  exclusion: Expr;
  source: Rule['source'];
}

export interface SigmaLoadResult extends LoadResult {
  filters: SigmaFilter[];
}

/** Deep merge for rule collections: maps merge key by key, everything else is replaced. */
function merge(base: YamlMap, over: YamlMap): YamlMap {
  const out: YamlMap = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isMap(prior) && isMap(value) ? merge(prior, value) : value;
  }
  return out;
}

/** Resolves `action: global|reset|repeat` of legacy rule collections into standalone documents. */
function* resolveCollection(
  docs: YamlDocument[],
  errors: LoadError[],
  file: string,
): Generator<[YamlDocument, YamlMap]> {
  let global: YamlMap = {};
  let previous: YamlMap | undefined;
  for (const doc of docs) {
    for (const e of doc.errors) errors.push({ file, line: e.line, message: `YAML: ${e.message}` });
    if (doc.errors.length || doc.value === null) continue;
    if (!isMap(doc.value)) {
      errors.push({ file, line: doc.line, message: 'a Sigma document must be a YAML map' });
      continue;
    }
    const { action, ...body } = doc.value;
    if (action === 'global') global = merge(global, body);
    else if (action === 'reset') global = {};
    else if (action === 'repeat') {
      if (!previous)
        errors.push({ file, line: doc.line, message: "'action: repeat' without a previous document" });
      else {
        previous = merge(previous, body);
        yield [doc, previous];
      }
    } else if (action !== undefined)
      errors.push({ file, line: doc.line, message: `unknown action '${String(action)}'` });
    else {
      previous = merge(global, body);
      yield [doc, previous];
    }
  }
}

function buildRule(body: YamlMap, doc: YamlDocument, file: string, options: SigmaLoadOptions): Rule {
  const fallbackId = doc.index ? `${file}#${doc.index}` : file;
  const meta = readMetadata(body, fallbackId);
  const isCorrelation = body.correlation !== undefined;
  const rule: Rule = {
    format: 'sigma',
    language: 'sigma',
    type: isCorrelation ? 'correlation' : 'detection',
    taxonomy: body.taxonomy === 'ecs' ? 'ecs' : 'sigma',
    meta,
    logsource: isCorrelation && body.logsource === undefined ? {} : readLogsource(body.logsource),
    logic: 'boolean',
    notEvaluable: [],
    fields: Array.isArray(body.fields) ? body.fields.map(String) : [],
    source: { file, line: doc.line, document: doc.index },
    extra: extraKeys(body),
  };
  if (isCorrelation) {
    rule.aggregation = readCorrelation(body.correlation);
    return rule;
  }
  const ctx: ItemContext = {
    unresolved: new Set(),
    ...(options.placeholders ? { placeholders: options.placeholders } : {}),
  };
  if (body.detection === undefined) throw new DetectionError("missing required 'detection'", []);
  rule.detection = readDetection(body.detection, ctx);
  const condition = isMap(body.detection) ? body.detection.condition : undefined;
  rule.query = Array.isArray(condition) ? condition.join(' or ') : String(condition);
  for (const name of ctx.unresolved) rule.notEvaluable.push(`unresolved placeholder %${name}%`);
  return rule;
}

function buildFilter(body: YamlMap, doc: YamlDocument, file: string, options: SigmaLoadOptions): SigmaFilter {
  const meta = readMetadata(body, doc.index ? `${file}#${doc.index}` : file);
  const filter = body.filter;
  if (!isMap(filter))
    throw new DetectionError("'filter' must be a map with rules, selections and condition", ['filter']);
  const { rules, ...detection } = filter;
  const names = Array.isArray(rules) ? rules : [rules];
  if (!names.length || !names.every((r) => typeof r === 'string'))
    throw new DetectionError("'filter.rules' must list rule ids or names", ['filter', 'rules']);
  const ctx: ItemContext = {
    unresolved: new Set(),
    ...(options.placeholders ? { placeholders: options.placeholders } : {}),
  };
  let exclusion: Expr;
  try {
    exclusion = readDetection(detection, ctx);
  } catch (error) {
    if (error instanceof DetectionError)
      throw new DetectionError(error.message, ['filter', ...error.path.slice(1)]);
    throw error;
  }
  if (ctx.unresolved.size)
    throw new DetectionError(`unresolved placeholders: ${[...ctx.unresolved].join(', ')}`, ['filter']);
  return {
    id: meta.id,
    title: meta.title,
    rules: names as string[],
    logsource: readLogsource(body.logsource),
    taxonomy: body.taxonomy === 'ecs' ? 'ecs' : 'sigma',
    exclusion,
    source: { file, line: doc.line, document: doc.index },
  };
}

/** Loads every document of one Sigma YAML text. */
export function loadSigmaText(text: string, file: string, options: SigmaLoadOptions = {}): SigmaLoadResult {
  const result: SigmaLoadResult = { rules: [], errors: [], warnings: [], filters: [] };
  for (const [doc, body] of resolveCollection(readYamlDocuments(text), result.errors, file)) {
    try {
      if (body.filter !== undefined) result.filters.push(buildFilter(body, doc, file, options));
      else result.rules.push(buildRule(body, doc, file, options));
    } catch (error) {
      const line = error instanceof DetectionError ? doc.lineOf(error.path) : doc.line;
      result.errors.push({ file, line, message: (error as Error).message });
    }
  }
  return result;
}

function logsourceCompatible(filter: SigmaFilter, rule: Rule): boolean {
  return (['product', 'category', 'service'] as const).every(
    (key) => filter.logsource[key] === undefined || filter.logsource[key] === rule.logsource[key],
  );
}

/** Adds each filter's exclusion (`and not filter`) to the rules it names by id or name with a compatible logsource. */
export function applySigmaFilters(rules: Rule[], filters: SigmaFilter[]): LoadError[] {
  const warnings: LoadError[] = [];
  for (const filter of filters) {
    let applied = 0;
    for (const rule of rules) {
      const named =
        filter.rules.includes(rule.meta.id) ||
        (rule.meta.name !== undefined && filter.rules.includes(rule.meta.name));
      if (
        !named ||
        !rule.detection ||
        filter.taxonomy !== rule.taxonomy ||
        !logsourceCompatible(filter, rule)
      )
        continue;
      rule.detection = and([rule.detection, not(filter.exclusion)]);
      rule.extra.filters = [...((rule.extra.filters as string[] | undefined) ?? []), filter.id];
      applied++;
    }
    if (!applied)
      warnings.push({
        file: filter.source.file,
        line: filter.source.line,
        message: `filter '${filter.title}' applies to no loaded rule with a compatible logsource`,
      });
  }
  return warnings;
}
