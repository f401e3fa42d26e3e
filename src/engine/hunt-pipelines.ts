// The pipelines and schemas of a hunt, read from the built-in pipeline files (apart from the schemas, so that matching
// workers, which get the pipelines as data, do not load the YAML reader).
import { loadPipeline } from '../taxonomy/pipeline.js';
import { type EventSchema, type HuntPipelines, pipelineSchemas } from './schemas.js';

/** Built-in pipelines for hunting, in auto-detection order; the last schema without `detect` is the fallback. */
const BUILTIN_HUNT_PIPELINES = ['windows-evtx', 'ecs', 'ecs-native', 'sysmon'];

/**
 * The pipelines a hunt uses. `auto`: all built-in pipelines, their schemas detected per event. Otherwise the named
 * pipeline (or pipeline file) alone, plus built-in pipelines of the same schema for the other rule taxonomy.
 */
export function huntPipelines(pipelineName: string | undefined): HuntPipelines {
  const builtin = BUILTIN_HUNT_PIPELINES.map((name) => loadPipeline(name));
  if (!pipelineName || pipelineName === 'auto') return { auto: true, pipelines: builtin };
  const chosen = loadPipeline(pipelineName);
  const schemaName = chosen.schema ?? chosen.name;
  const companions = builtin.filter(
    (p) => (p.schema ?? p.name) === schemaName && p.taxonomy !== chosen.taxonomy,
  );
  return { auto: false, pipelines: [chosen, ...companions] };
}

/** The schemas a hunt uses (see `huntPipelines`). */
export function huntSchemas(pipelineName: string | undefined): EventSchema[] {
  return pipelineSchemas(huntPipelines(pipelineName));
}
