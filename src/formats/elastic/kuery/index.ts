// Kibana Query Language (KQL, "kuery") → Rule IR expression: the public entry point.
import type { Expr } from '../../../ir/expr.js';
import { ecsFieldType } from '../../../taxonomy/ecs-field-types.js';
import { parseKqlSyntax } from './parser.js';
import { translateKql } from './translate.js';

export { KueryError } from './errors.js';
export { MAX_NESTING } from './parser.js';

export interface KueryOptions {
  /** The Elasticsearch mapping type of a field (full dotted path); default: the ECS field types. */
  fieldType?: (field: string) => string | undefined;
}

/** Parses a KQL query into an IR expression; throws KueryError (with line and column) on invalid input. */
export function parseKuery(query: string, options: KueryOptions = {}): Expr {
  return translateKql(parseKqlSyntax(query), query, options.fieldType ?? ecsFieldType);
}
