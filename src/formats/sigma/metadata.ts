// Sigma rule metadata (title, id, level, tags, ATT&CK …) and logsource read into the IR.
import { attackFromTags } from '../../ir/attack.js';
import type { LogSource, RuleMeta } from '../../ir/rule.js';

export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function textList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

/** Metadata of a Sigma document; `fallbackId` is used when the document has no `id`. */
export function readMetadata(doc: YamlMap, fallbackId: string): RuleMeta {
  const title = text(doc.title);
  if (!title) throw new Error("missing required 'title'");
  const tags = textList(doc.tags);
  const meta: RuleMeta = {
    id: text(doc.id) ?? text(doc.name) ?? fallbackId,
    title,
    references: textList(doc.references),
    tags,
    falsepositives: textList(doc.falsepositives),
    attack: attackFromTags(tags),
  };
  const optional = {
    name: doc.name,
    description: doc.description,
    status: doc.status,
    level: doc.level,
    author: doc.author,
    date: doc.date,
    modified: doc.modified,
  };
  for (const [key, value] of Object.entries(optional)) {
    const t = text(value);
    if (t !== undefined)
      (meta as unknown as Record<string, unknown>)[key] = key === 'level' ? t.toLowerCase() : t;
  }
  return meta;
}

export function readLogsource(value: unknown): LogSource {
  if (value === undefined) throw new Error("missing required 'logsource'");
  if (!isMap(value)) throw new Error("'logsource' must be a map");
  const logsource: LogSource = {};
  for (const key of ['product', 'category', 'service', 'definition'] as const) {
    const t = text(value[key]);
    if (t !== undefined) logsource[key] = key === 'definition' ? t : t.toLowerCase();
  }
  return logsource;
}

/** Keys of a Sigma document that the IR models; the others are kept in `extra`. */
const MODELLED = new Set([
  'title',
  'id',
  'name',
  'tags',
  'references',
  'falsepositives',
  'description',
  'status',
  'level',
  'author',
  'date',
  'modified',
  'logsource',
  'detection',
  'correlation',
  'filter',
  'fields',
  'action',
]);

export function extraKeys(doc: YamlMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !MODELLED.has(key)));
}
