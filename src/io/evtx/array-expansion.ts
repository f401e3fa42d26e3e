// Repeats an element once per item of an array substitution it holds (MS-EVEN6 array values), as evtx_dump does.
import { EvtxFormatError, nameForMessage } from './format-error.js';
import type { ArrayNode, AttributeNode, ContentNode, ElementNode, ScalarNode } from './xml-tree.js';

const MAX_EXPANDED_ELEMENTS = 10_000;

interface ArraySlot {
  array: ArrayNode;
  /** Index of the attribute holding the array, or -1 when it is element content. */
  attribute: number;
  node: number;
}

/** The copies of `element`, one per array item (recursively for several arrays); empty string items vanish. */
export function expandArrays(element: ElementNode): ElementNode[] {
  const out: ElementNode[] = [];
  expandInto(element, out);
  return out;
}

function expandInto(element: ElementNode, out: ElementNode[]): void {
  const slot = firstExpandableArray(element);
  if (!slot) {
    if (out.length >= MAX_EXPANDED_ELEMENTS) {
      throw new EvtxFormatError(
        `array values expand element ${nameForMessage(element.name)} to more than ${MAX_EXPANDED_ELEMENTS} elements`,
      );
    }
    out.push(element);
    return;
  }
  for (const item of slot.array.items) expandInto(withItem(element, slot, item), out);
}

function firstExpandableArray(element: ElementNode): ArraySlot | undefined {
  const inContent = expandableIndex(element.children);
  if (inContent >= 0)
    return { array: element.children[inContent] as ArrayNode, attribute: -1, node: inContent };
  for (const [attribute, { value }] of element.attributes.entries()) {
    const node = expandableIndex(value);
    if (node >= 0) return { array: value[node] as ArrayNode, attribute, node };
  }
  return undefined;
}

function expandableIndex(nodes: ContentNode[]): number {
  return nodes.findIndex((node) => node.kind === 'array' && node.items.length > 1);
}

function withItem(element: ElementNode, slot: ArraySlot, item: ScalarNode): ElementNode {
  const replace = (nodes: ContentNode[], index: number): ContentNode[] => {
    const copy = [...nodes];
    if (item.kind === 'text' && item.text === '') copy.splice(index, 1);
    else copy[index] = item;
    return copy;
  };
  const attributes: AttributeNode[] =
    slot.attribute < 0
      ? element.attributes
      : element.attributes
          .map((attribute, index) =>
            index === slot.attribute
              ? { name: attribute.name, value: replace(attribute.value, slot.node) }
              : attribute,
          )
          .filter((attribute) => attribute.value.length > 0);
  const children = slot.attribute < 0 ? replace(element.children, slot.node) : element.children;
  return { kind: 'element', name: element.name, attributes, children };
}
