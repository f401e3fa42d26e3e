// Event schemas for hunting: which pipeline maps each rule taxonomy onto events of a schema, and auto-detection.
import type { Expr } from '../ir/expr.js';
import type { RuleTaxonomy } from '../ir/rule.js';
import type { Pipeline } from '../taxonomy/pipeline.js';
import { compileExpr, type EventPredicate } from './compile-expr.js';

export interface EventSchema {
  name: string;
  /** Identifies events of this schema; undefined for the fallback schema. */
  detect?: EventPredicate;
  /** The expression `detect` is compiled from. */
  detectExpr?: Expr;
  pipelines: Partial<Record<RuleTaxonomy, Pipeline>>;
}

function groupBySchema(pipelines: Pipeline[]): EventSchema[] {
  const schemas: EventSchema[] = [];
  for (const pipeline of pipelines) {
    const name = pipeline.schema ?? pipeline.name;
    let schema = schemas.find((s) => s.name === name);
    if (!schema) {
      schema = { name, pipelines: {} };
      schemas.push(schema);
    }
    schema.pipelines[pipeline.taxonomy] ??= pipeline;
    if (pipeline.detect && !schema.detect) {
      schema.detect = compileExpr(pipeline.detect, 'boolean');
      schema.detectExpr = pipeline.detect;
    }
  }
  return schemas;
}

/**
 * The pipelines of a hunt's schemas, as plain data (see `huntPipelines`; worker threads get them rather than read the
 * files again).
 */
export interface HuntPipelines {
  /** Whether each event's schema is detected (else every event has the one schema). */
  auto: boolean;
  pipelines: Pipeline[];
}

/** The schemas of a hunt's pipelines (see `huntPipelines`). */
export function pipelineSchemas({ auto, pipelines }: HuntPipelines): EventSchema[] {
  const schemas = groupBySchema(pipelines);
  if (auto) return schemas;
  const [schema] = schemas;
  delete schema!.detect;
  delete schema!.detectExpr;
  return [schema!];
}

/** The schema of one event: the first whose detection condition holds, else the fallback (or the last). */
export function detectSchema(
  schemas: readonly EventSchema[],
  view: Parameters<EventPredicate>[0],
): EventSchema {
  for (const schema of schemas) if (schema.detect && schema.detect(view) === true) return schema;
  return schemas.find((s) => !s.detect) ?? schemas[schemas.length - 1]!;
}
