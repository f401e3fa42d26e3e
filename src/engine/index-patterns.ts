// Elastic `index` patterns checked against the index an event came from (`_index` or its data stream).
import type { EventView } from './event-view.js';

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

const cache = new Map<string, RegExp[]>();

/** The index names an event declares: `_index`, and `type-dataset-namespace` of its data stream. */
function eventIndices(view: EventView): string[] {
  const names = view.values('_index').filter((v): v is string => typeof v === 'string');
  const [type] = view.values('data_stream.type');
  const [dataset] = view.values('data_stream.dataset');
  const [namespace] = view.values('data_stream.namespace');
  if (typeof type === 'string' && typeof dataset === 'string')
    names.push(`${type}-${dataset}-${typeof namespace === 'string' ? namespace : 'default'}`);
  return names;
}

/**
 * Whether a rule with index patterns applies to the event: true when the event names no index (plain event
 * files), else when one of its index names matches one pattern (Kibana also searches `.ds-` backing indices).
 */
export function indexMatches(patterns: readonly string[] | undefined, view: EventView): boolean {
  if (!patterns?.length) return true;
  const names = eventIndices(view);
  if (!names.length) return true;
  const key = patterns.join('\n');
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = patterns.filter((p) => !p.startsWith('-')).map(globToRegExp);
    cache.set(key, compiled);
  }
  return names.some((name) => compiled!.some((re) => re.test(name) || re.test(name.replace(/^\.ds-/, ''))));
}
