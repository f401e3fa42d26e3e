// A Sigma `detection` section: named selections (maps, lists, keywords) combined by the condition.
import { and, type Expr, or } from '../../ir/expr.js';
import { parseCondition } from './condition.js';
import { detectionItem, type ItemContext } from './detection-item.js';
import { isMap } from './metadata.js';

/** Thrown with the key path inside the document so the loader can point at the line. */
export class DetectionError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

function splitKey(key: string): { field: string | null; modifiers: string[] } {
  const [field = '', ...modifiers] = key.split('|');
  return { field: field === '' ? null : field, modifiers };
}

function selectionMap(map: Record<string, unknown>, path: (string | number)[], ctx: ItemContext): Expr {
  const items = Object.entries(map).map(([key, value]) => {
    const { field, modifiers } = splitKey(key);
    try {
      return detectionItem(field, modifiers, value, ctx);
    } catch (error) {
      throw new DetectionError(`${key}: ${(error as Error).message}`, [...path, key]);
    }
  });
  return and(items);
}

/** One named selection: a map (AND), a list of maps or keywords (OR), or a keyword. */
export function readSelection(value: unknown, path: (string | number)[], ctx: ItemContext): Expr {
  if (isMap(value)) return selectionMap(value, path, ctx);
  if (Array.isArray(value)) {
    if (!value.length) throw new DetectionError('empty selection list', path);
    return or(
      value.map((item, i) => {
        if (isMap(item)) return selectionMap(item, [...path, i], ctx);
        try {
          return detectionItem(null, [], item, ctx);
        } catch (error) {
          throw new DetectionError((error as Error).message, [...path, i]);
        }
      }),
    );
  }
  try {
    return detectionItem(null, [], value, ctx);
  } catch (error) {
    throw new DetectionError((error as Error).message, path);
  }
}

/** Named selections plus the condition (a list of conditions is OR-ed) → one expression. */
export function readDetection(detection: unknown, ctx: ItemContext): Expr {
  if (!isMap(detection)) throw new DetectionError("'detection' must be a map", ['detection']);
  const selections = new Map<string, Expr>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    selections.set(name, readSelection(value, ['detection', name], ctx));
  }
  const condition = detection.condition;
  if (condition === undefined) throw new DetectionError("missing 'condition'", ['detection']);
  const conditions = Array.isArray(condition) ? condition : [condition];
  return or(
    conditions.map((c, i) => {
      if (typeof c !== 'string')
        throw new DetectionError('condition must be a string', ['detection', 'condition']);
      try {
        return parseCondition(c, selections);
      } catch (error) {
        throw new DetectionError((error as Error).message, [
          'detection',
          'condition',
          ...(Array.isArray(condition) ? [i] : []),
        ]);
      }
    }),
  );
}
