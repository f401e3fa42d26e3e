// Loads Elastic detection-rules TOML files (query, eql, threshold, new_terms, esql, …) into IR rules.
import { parse as parseToml, TomlError } from 'smol-toml';
import { addAttack } from '../../ir/attack.js';
import { and, or } from '../../ir/expr.js';
import type { Aggregation, AttackMapping, LoadError, Rule, RuleLanguage, RuleMeta } from '../../ir/rule.js';
import { parseDuration } from '../../util/duration.js';
import { parseEql } from './eql/index.js';
import { parseKuery } from './kuery/index.js';
import { filtersExpr } from './query-dsl.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** An error inside the rule, with an optional line offset relative to the `query` text. */
class RuleError extends Error {
  constructor(
    message: string,
    readonly queryLine?: number,
  ) {
    super(message);
  }
}

function threatMapping(threats: unknown): AttackMapping {
  const mapping: AttackMapping = { tactics: [], techniques: [] };
  for (const threat of Array.isArray(threats) ? threats : []) {
    if (!isRaw(threat)) continue;
    if (isRaw(threat.tactic)) addAttack(mapping, String(threat.tactic.id ?? threat.tactic.name ?? ''));
    for (const technique of Array.isArray(threat.technique) ? threat.technique : []) {
      if (!isRaw(technique)) continue;
      addAttack(mapping, String(technique.id ?? ''));
      for (const sub of Array.isArray(technique.subtechnique) ? technique.subtechnique : [])
        if (isRaw(sub)) addAttack(mapping, String(sub.id ?? ''));
    }
  }
  return mapping;
}

function metadata(rule: Raw, meta: Raw): RuleMeta {
  const name = rule.name;
  const id = rule.rule_id;
  if (typeof name !== 'string') throw new RuleError('missing [rule] name');
  if (typeof id !== 'string') throw new RuleError('missing [rule] rule_id');
  const out: RuleMeta = {
    id,
    title: name,
    references: strings(rule.references),
    tags: strings(rule.tags),
    falsepositives: strings(rule.false_positives),
    attack: threatMapping(rule.threat),
  };
  if (typeof rule.description === 'string') out.description = rule.description.trim();
  if (typeof meta.maturity === 'string') out.status = meta.maturity;
  if (typeof rule.severity === 'string') out.level = rule.severity.toLowerCase();
  if (Array.isArray(rule.author)) out.author = rule.author.join(', ');
  if (typeof meta.creation_date === 'string') out.date = meta.creation_date;
  if (typeof meta.updated_date === 'string') out.modified = meta.updated_date;
  if (typeof rule.risk_score === 'number') out.riskScore = rule.risk_score;
  return out;
}

/** Kibana's look-back: `from` (default now-6m) — the window one rule execution searches. */
function lookbackMs(rule: Raw): number {
  return parseDuration(typeof rule.from === 'string' ? rule.from : 'now-6m');
}

function aggregation(type: string, rule: Raw): Aggregation | undefined {
  if (type === 'threshold') {
    const t = rule.threshold;
    if (!isRaw(t) || typeof t.value !== 'number')
      throw new RuleError('threshold rule needs [rule.threshold] with a value');
    const agg: Aggregation = {
      kind: 'threshold',
      groupBy: strings(t.field).filter(Boolean),
      value: t.value,
      windowMs: lookbackMs(rule),
    };
    const cardinality = (Array.isArray(t.cardinality) ? t.cardinality : [])
      .filter(isRaw)
      .map((c) => ({ field: String(c.field), value: Number(c.value) }));
    if (cardinality.length) agg.cardinality = cardinality;
    return agg;
  }
  if (type === 'new_terms') {
    const n = rule.new_terms;
    if (!isRaw(n)) throw new RuleError('new_terms rule needs [rule.new_terms]');
    const fields = strings(n.value);
    if (fields.length < 1 || fields.length > 3) throw new RuleError('new_terms needs one to three fields');
    const start = (Array.isArray(n.history_window_start) ? n.history_window_start : []).find(isRaw);
    if (!start || typeof start.value !== 'string')
      throw new RuleError('new_terms needs a history_window_start');
    return { kind: 'new_terms', fields, historyWindowMs: parseDuration(start.value) };
  }
  return undefined;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function suppression(rule: Raw): Rule['suppression'] {
  const raw = rule.alert_suppression;
  if (!isRaw(raw)) return undefined;
  const groupBy = strings(raw.group_by);
  if (!groupBy.length) throw new RuleError('alert_suppression needs group_by fields');
  const duration = isRaw(raw.duration) ? raw.duration : undefined;
  const unitMs = duration ? UNIT_MS[String(duration.unit)] : undefined;
  if (duration && (unitMs === undefined || typeof duration.value !== 'number'))
    throw new RuleError('alert_suppression duration needs a value and a unit of s, m or h');
  return {
    groupBy,
    durationMs: duration ? (duration.value as number) * unitMs! : lookbackMs(rule),
    missingFields: raw.missing_fields_strategy === 'doNotSuppress' ? 'doNotSuppress' : 'suppress',
  };
}

function queryDetection(rule: Raw, language: RuleLanguage, out: Rule): void {
  const query = typeof rule.query === 'string' ? rule.query : undefined;
  if (query === undefined) {
    out.notEvaluable.push(
      out.type === 'machine_learning' ? 'machine learning job (no query)' : 'rule has no query',
    );
    return;
  }
  out.query = query;
  try {
    if (language === 'kuery') out.detection = parseKuery(query);
    else if (language === 'eql') {
      const eql = parseEql(query);
      out.logic = 'ternary';
      if (eql.detection) out.detection = eql.detection;
      if (eql.sequence) {
        out.aggregation = eql.sequence;
        // Stage one reports a sequence rule for events matching any step; the sequence state does the rest.
        const steps = [...eql.sequence.steps, ...(eql.sequence.until ? [eql.sequence.until] : [])];
        out.detection = or(steps.map((step) => step.expr));
        if (eql.sequence.steps.some((step) => step.missing))
          out.notEvaluable.push('sequence with a missing-event step (![…])');
      }
      out.notEvaluable.push(...eql.notEvaluable);
    } else if (language === 'esql')
      out.notEvaluable.push('ES|QL query (kept as text; not evaluated natively)');
    else out.notEvaluable.push(`${language} query language is not evaluated natively`);
  } catch (error) {
    const e = error as Error & { line?: number; column?: number };
    throw new RuleError(
      `${language} query: ${e.message}${e.column ? ` (column ${e.column})` : ''}`,
      e.line ?? 1,
    );
  }
}

const LANGUAGES = new Set<RuleLanguage>(['kuery', 'lucene', 'eql', 'esql']);
const MODELLED = new Set([
  'name',
  'rule_id',
  'description',
  'risk_score',
  'severity',
  'type',
  'language',
  'index',
  'query',
  'tags',
  'threat',
  'references',
  'false_positives',
  'author',
  'timestamp_override',
  'threshold',
  'new_terms',
  'filters',
  'investigation_fields',
]);

function buildRule(doc: Raw, file: string): Rule {
  const rule = doc.rule;
  if (!isRaw(rule)) throw new RuleError('missing [rule] table');
  const meta = isRaw(doc.metadata) ? doc.metadata : {};
  const type = typeof rule.type === 'string' ? rule.type : 'query';
  const language = (
    typeof rule.language === 'string' ? rule.language : type === 'eql' ? 'eql' : 'kuery'
  ) as RuleLanguage;
  if (!LANGUAGES.has(language)) throw new RuleError(`unknown query language '${language}'`);
  const out: Rule = {
    format: 'elastic',
    language,
    type,
    taxonomy: 'ecs',
    meta: metadata(rule, meta),
    logsource: { indices: strings(rule.index) },
    logic: 'boolean',
    notEvaluable: [],
    fields: isRaw(rule.investigation_fields) ? strings(rule.investigation_fields.field_names) : [],
    source: { file, line: 1 },
    extra: {
      ...Object.fromEntries(Object.entries(rule).filter(([k]) => !MODELLED.has(k))),
      ...(isRaw(doc.metadata) ? { metadata: doc.metadata } : {}),
    },
  };
  if (typeof rule.timestamp_override === 'string') out.timestampField = rule.timestamp_override;
  queryDetection(rule, language, out);
  const agg = aggregation(type, rule);
  if (agg) out.aggregation = agg;
  const suppress = suppression(rule);
  if (suppress) out.suppression = suppress;
  if (type === 'threat_match') out.notEvaluable.push('threat_match needs an indicator index');
  if (Array.isArray(rule.filters) && out.detection) {
    try {
      out.detection = and([out.detection, filtersExpr(rule.filters)]);
    } catch (error) {
      out.notEvaluable.push(`rule filter: ${(error as Error).message}`);
    }
  }
  return out;
}

function queryStartLine(text: string): number {
  const index = text.search(/^query\s*=/m);
  if (index < 0) return 1;
  const before = text.slice(0, index).split('\n').length;
  // A multi-line string starts on the line after `query = '''`.
  return /^query\s*=\s*('''|""")\s*$/m.test(text.slice(index, text.indexOf('\n', index) + 1))
    ? before + 1
    : before;
}

/** Loads one Elastic TOML rule text. */
export function loadElasticText(text: string, file: string): { rules: Rule[]; errors: LoadError[] } {
  let doc: Raw;
  try {
    doc = parseToml(text) as Raw;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    return {
      rules: [],
      errors: [{ file, line, message: `TOML: ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  try {
    return { rules: [buildRule(doc, file)], errors: [] };
  } catch (error) {
    const line =
      error instanceof RuleError && error.queryLine !== undefined
        ? queryStartLine(text) + error.queryLine - 1
        : 1;
    return { rules: [], errors: [{ file, line, message: (error as Error).message }] };
  }
}
