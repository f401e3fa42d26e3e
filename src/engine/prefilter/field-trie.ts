// Field paths as a trie of dotted segments, walked over an event to reach every value a path can name.
import type { JsonObject } from '../event-view.js';

export class FieldNode<T> {
  readonly children = new Map<string, FieldNode<T>>();
  /** What to do with the values at this path, when some atom names the path. */
  target: T | undefined;

  /** The node at `path` below this one, created when missing. */
  add(path: string): FieldNode<T> {
    let node: FieldNode<T> = this;
    for (const segment of path.split('.')) {
      let child = node.children.get(segment);
      if (!child) {
        child = new FieldNode<T>();
        node.children.set(segment, child);
      }
      node = child;
    }
    return node;
  }

  /** The node a (possibly dotted, flat) object key leads to. */
  step(key: string): FieldNode<T> | undefined {
    if (!key.includes('.')) return this.children.get(key);
    let node: FieldNode<T> | undefined = this;
    let start = 0;
    while (node) {
      const dot = key.indexOf('.', start);
      node = node.children.get(dot < 0 ? key.slice(start) : key.slice(start, dot));
      if (dot < 0) break;
      start = dot + 1;
    }
    return node;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Visit<T> = (target: T, value: unknown) => void;

function walkObject<T>(object: JsonObject, node: FieldNode<T>, visit: Visit<T>): void {
  // for-in reads V8's cached key list of the object's shape; Object.keys would allocate an array per object.
  for (const key in object) {
    const child = node.step(key);
    if (child) walkValue(object[key], child, visit);
  }
}

function walkValue<T>(value: unknown, node: FieldNode<T>, visit: Visit<T>): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkValue(value[i], node, visit);
    return;
  }
  if (node.target !== undefined)
    visit(node.target, isObject(value) && Object.hasOwn(value, '#text') ? value['#text'] : value);
  if (node.children.size && isObject(value)) walkObject(value, node, visit);
}

/**
 * Calls `visit` with every value an EventView could return for each path of the trie (and possibly more: all
 * splits of dotted keys are followed, where EventView prefers the flat key), `#text` unwrapped as it does.
 */
export function walkFields<T>(event: JsonObject, root: FieldNode<T>, visit: Visit<T>): void {
  walkObject(event, root, visit);
}
