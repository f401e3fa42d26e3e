// Shapes a decoded event tree into the JSON object that evtx_dump (`-o json`) writes for it.
import type { AttributeNode, ContentNode, ElementNode } from './xml-tree.js';

/** Elements whose `Data` children are keyed by their `Name` attribute. */
const DATA_CONTAINERS = new Set(['EventData', 'UserData']);
/** evtx_dump tracks this many distinct child names per element for `_1`, `_2`… suffixes on repeats. */
const MAX_SUFFIXED_NAMES = 64;

export type JsonObject = Record<string, unknown>;

/** `{ <root name>: <root value> }`, e.g. `{ Event: { System: …, EventData: … } }`. */
export function eventObject(root: ElementNode): JsonObject {
  const event: JsonObject = {};
  setField(event, root.name, elementValue(root, false));
  return event;
}

/** null when empty, a scalar when the element holds only character data, else an object. */
function elementValue(element: ElementNode, isDataContainer: boolean): unknown {
  const hasElementChild = element.children.some(isElement);
  const hasAttributeText = element.attributes.some((attribute) => hasText(attribute.value));
  if (hasElementChild || hasAttributeText) return elementObject(element, isDataContainer);
  return hasText(element.children) ? contentValue(element.children) : null;
}

function elementObject(element: ElementNode, isDataContainer: boolean): JsonObject {
  const object: JsonObject = {};
  const attributes = attributesObject(element.attributes);
  if (attributes) object['#attributes'] = attributes;
  if (hasText(element.children)) object['#text'] = mixedContentValue(element.children);
  const dataChildren = isDataContainer ? element.children.filter(isDataElement) : [];
  const byName = dataChildren.some((data) => hasText(nameAttribute(data)));
  let positionalDataWritten = false;
  const repeats = new Map<string, number>();
  for (const child of element.children) {
    if (child.kind !== 'element') continue;
    if (isDataContainer && child.name === 'Data') {
      if (byName) {
        const name = nameAttribute(child);
        if (hasText(name)) setField(object, textOf(name), dataValue(child));
      } else if (!positionalDataWritten) {
        positionalDataWritten = true;
        const value = dataChildren.length === 1 ? dataValue(child) : dataChildren.map(dataValue);
        object.Data = { '#text': value };
      }
      continue;
    }
    setField(object, suffixedName(child.name, repeats), elementValue(child, DATA_CONTAINERS.has(child.name)));
  }
  return object;
}

/** A `Data` element's value inside EventData/UserData: an empty string rather than null when it is empty. */
function dataValue(data: ElementNode): unknown {
  if (data.children.some(isElement)) return elementObject(data, false);
  return hasText(data.children) ? contentValue(data.children) : '';
}

function attributesObject(attributes: AttributeNode[]): JsonObject | undefined {
  let object: JsonObject | undefined;
  for (const attribute of attributes) {
    if (!hasText(attribute.value)) continue;
    object ??= {};
    setField(object, attribute.name, contentValue(attribute.value));
  }
  return object;
}

/** A lone integer or boolean keeps its JSON type; anything else is the concatenated text. */
function contentValue(nodes: ContentNode[]): unknown {
  const only = nodes.length === 1 ? nodes[0] : undefined;
  if (only?.kind === 'int') return Number(only.value);
  if (only?.kind === 'bool') return only.value;
  return textOf(nodes);
}

/** Like contentValue for text mixed with child elements, ignoring the elements and empty pieces. */
function mixedContentValue(nodes: ContentNode[]): unknown {
  const pieces = nodes.filter((node) => node.kind !== 'element' && hasText([node]));
  return pieces.length === 1 ? contentValue(pieces) : textOf(nodes);
}

function suffixedName(name: string, repeats: Map<string, number>): string {
  const seen = repeats.get(name);
  if (seen === undefined) {
    if (repeats.size < MAX_SUFFIXED_NAMES) repeats.set(name, 1);
    return name;
  }
  repeats.set(name, seen + 1);
  return `${name}_${seen}`;
}

function hasText(nodes: ContentNode[]): boolean {
  return nodes.some((node) => {
    switch (node.kind) {
      case 'text':
        return node.text !== '';
      case 'array':
        return node.items.length > 0;
      case 'int':
      case 'bool':
        return true;
      default:
        return false;
    }
  });
}

function textOf(nodes: ContentNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.kind === 'text') text += node.text;
    else if (node.kind === 'int' || node.kind === 'bool') text += String(node.value);
    else if (node.kind === 'array') text += node.items.map((item) => textOf([item])).join(',');
  }
  return text;
}

function nameAttribute(element: ElementNode): ContentNode[] {
  return element.attributes.find((attribute) => attribute.name === 'Name')?.value ?? [];
}

function isElement(node: ContentNode): node is ElementNode {
  return node.kind === 'element';
}

function isDataElement(node: ContentNode): node is ElementNode {
  return node.kind === 'element' && node.name === 'Data';
}

/** Sets a key taken from the file without ever invoking the `__proto__` setter. */
function setField(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
