// Field-mapping pipelines as data: logsource → conditions/tables, field renames, unmapped-field policy.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSelection } from '../formats/sigma/detection.js';
import { type Expr, TRUE } from '../ir/expr.js';
import type { LogSource, RuleTaxonomy } from '../ir/rule.js';
import { packageRoot } from '../util/package-root.js';
import { readYamlDocuments } from '../util/yaml-documents.js';

export interface PipelineVariant {
  /** Extra condition in target field names that selects the events of this variant. */
  condition: Expr;
  /** Field renames that apply within this variant only. */
  fields: ReadonlyMap<string, string[]>;
  /** Rule fields whose value the source implies (e.g. `event.category: process` in a process table): conditions
   * on them become true for these values and false for others, instead of needing a column. */
  implied: ReadonlyMap<string, string[]>;
}

export interface LogsourceMapping {
  logsource: Pick<LogSource, 'product' | 'category' | 'service'>;
  variants: PipelineVariant[];
  /** Tables or index patterns holding these events (conversion targets). */
  sources: string[];
}

/** `keep`: use the rule's name; `fail`: the field blocks conversion; otherwise a template such as `winlog.event_data.{field}`. */
export type UnmappedPolicy = { kind: 'keep' } | { kind: 'fail' } | { kind: 'template'; template: string };

export interface Pipeline {
  name: string;
  description?: string;
  /** Event schema this pipeline reads (hunting), e.g. `sysmon`, `windows-evtx`, `ecs`. */
  schema?: string;
  /** Rule field vocabulary this pipeline maps from. */
  taxonomy: RuleTaxonomy;
  /** Condition identifying events of this schema, for `--schema auto`. */
  detect?: Expr;
  products: ReadonlyMap<string, Expr>;
  logsources: LogsourceMapping[];
  fields: ReadonlyMap<string, string[]>;
  unmapped: UnmappedPolicy;
  /** What to do with a rule whose logsource has no mapping: skip it, or run it without logsource condition. */
  unmatchedLogsource: 'skip' | 'any';
  /** Sources (tables/indexes) used when a logsource mapping names none. */
  defaultSources: string[];
  /** Free-form options for a backend (e.g. SQL dialect, Kusto time column). */
  options: Record<string, unknown>;
  file: string;
}

export class PipelineError extends Error {}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function builtinPipelineDir(): string {
  return join(packageRoot(), 'pipelines');
}

function fieldMap(raw: unknown, where: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (raw === undefined) return map;
  if (!isRaw(raw)) throw new PipelineError(`${where}: 'fields' must map rule fields to target fields`);
  for (const [from, to] of Object.entries(raw)) {
    const targets = Array.isArray(to) ? to : [to];
    if (!targets.length || !targets.every((t) => typeof t === 'string'))
      throw new PipelineError(`${where}: field '${from}' must map to a name or a list of names`);
    map.set(from, targets as string[]);
  }
  return map;
}

function condition(raw: unknown, where: string): Expr {
  if (raw === undefined) return TRUE;
  try {
    return readSelection(raw, [], { unresolved: new Set() });
  } catch (error) {
    throw new PipelineError(`${where}: bad condition: ${(error as Error).message}`);
  }
}

function logsourceMapping(raw: unknown, where: string): LogsourceMapping {
  if (!isRaw(raw) || !isRaw(raw.logsource))
    throw new PipelineError(`${where}: each logsources entry needs a 'logsource' map`);
  const logsource: LogsourceMapping['logsource'] = {};
  for (const key of ['product', 'category', 'service'] as const)
    if (typeof raw.logsource[key] === 'string') logsource[key] = raw.logsource[key] as string;
  const variants = Array.isArray(raw.variants) ? raw.variants : [{}];
  return {
    logsource,
    variants: variants.map((v, i) => {
      if (!isRaw(v)) throw new PipelineError(`${where}: variant ${i + 1} must be a map`);
      return {
        condition: condition(v.condition, `${where} variant ${i + 1}`),
        fields: fieldMap(v.fields, `${where} variant ${i + 1}`),
        implied: fieldMap(v.implied, `${where} variant ${i + 1} implied`),
      };
    }),
    sources: Array.isArray(raw.sources)
      ? raw.sources.map(String)
      : typeof raw.sources === 'string'
        ? [raw.sources]
        : [],
  };
}

function unmappedPolicy(raw: unknown, where: string): UnmappedPolicy {
  if (raw === undefined || raw === 'keep') return { kind: 'keep' };
  if (raw === 'fail') return { kind: 'fail' };
  if (typeof raw === 'string' && raw.includes('{field}')) return { kind: 'template', template: raw };
  throw new PipelineError(`${where}: 'unmapped' must be keep, fail or a template containing {field}`);
}

function readRaw(file: string): Raw {
  const [doc] = readYamlDocuments(readFileSync(file, 'utf8'));
  if (!doc) throw new PipelineError(`${file}: empty pipeline`);
  if (doc.errors.length) throw new PipelineError(`${file}:${doc.errors[0]!.line}: ${doc.errors[0]!.message}`);
  if (!isRaw(doc.value)) throw new PipelineError(`${file}: a pipeline must be a YAML map`);
  return doc.value;
}

/** Finds a pipeline file: a path, or the name of a built-in pipeline. */
export function resolvePipelineFile(nameOrFile: string, relativeTo?: string): string {
  if (existsSync(nameOrFile) && nameOrFile.match(/\.ya?ml$/i)) return nameOrFile;
  for (const dir of [relativeTo, builtinPipelineDir()]) {
    if (!dir) continue;
    const candidate = join(dir, `${nameOrFile}.yml`);
    if (existsSync(candidate)) return candidate;
  }
  throw new PipelineError(
    `unknown pipeline '${nameOrFile}' (not a file, and no built-in pipeline of that name)`,
  );
}

/** Loads a pipeline and the pipelines it includes (their logsources, products and fields come first). */
export function loadPipeline(nameOrFile: string, seen: string[] = []): Pipeline {
  const file = resolvePipelineFile(nameOrFile, seen.length ? dirname(seen[seen.length - 1]!) : undefined);
  if (seen.includes(file)) throw new PipelineError(`${file}: include cycle`);
  const raw = readRaw(file);
  const includes = (Array.isArray(raw.include) ? raw.include : raw.include ? [raw.include] : []).map((i) =>
    loadPipeline(String(i), [...seen, file]),
  );
  const products = new Map<string, Expr>(includes.flatMap((p) => [...p.products]));
  if (isRaw(raw.products))
    for (const [product, cond] of Object.entries(raw.products))
      products.set(product, condition(cond, `${file} product ${product}`));
  const ownLogsources = Array.isArray(raw.logsources)
    ? raw.logsources.map((l, i) => logsourceMapping(l, `${file} logsources[${i}]`))
    : [];
  const fields = new Map<string, string[]>([
    ...includes.flatMap((p) => [...p.fields]),
    ...fieldMap(raw.fields, file),
  ]);
  const taxonomy = raw.taxonomy ?? includes[0]?.taxonomy ?? 'sigma';
  if (taxonomy !== 'sigma' && taxonomy !== 'ecs')
    throw new PipelineError(`${file}: taxonomy must be sigma or ecs`);
  const pipeline: Pipeline = {
    name: typeof raw.name === 'string' ? raw.name : file,
    taxonomy,
    products,
    logsources: [...ownLogsources, ...includes.flatMap((p) => p.logsources)],
    fields,
    unmapped:
      raw.unmapped === undefined && includes[0] ? includes[0].unmapped : unmappedPolicy(raw.unmapped, file),
    unmatchedLogsource: raw.unmatched_logsource === 'any' ? 'any' : 'skip',
    defaultSources: Array.isArray(raw.sources)
      ? raw.sources.map(String)
      : typeof raw.sources === 'string'
        ? [raw.sources]
        : [],
    options: isRaw(raw.options) ? raw.options : {},
    file,
  };
  if (typeof raw.description === 'string') pipeline.description = raw.description;
  if (typeof raw.schema === 'string') pipeline.schema = raw.schema;
  if (raw.detect !== undefined) pipeline.detect = condition(raw.detect, `${file} detect`);
  return pipeline;
}
