// Template instances: reads the substitution values and fills a template's placeholders with them.
import { expandArrays } from './array-expansion.js';
import type { ByteReader } from './byte-reader.js';
import { EvtxFormatError } from './format-error.js';
import { decodeSubstitution } from './value-decode.js';
import type { AttributeNode, BinXmlValue, ContentNode, ElementNode, SubstitutionValue } from './xml-tree.js';

const DESCRIPTOR_SIZE = 4;

/** Reads the substitution array: a count, then (size, type) descriptors, then the values back to back. */
export function readSubstitutions(reader: ByteReader): SubstitutionValue[] {
  const count = reader.u32('substitution count');
  const descriptors = reader.take(count * DESCRIPTOR_SIZE, `${count} substitution descriptors`);
  const values: SubstitutionValue[] = [];
  for (let index = 0; index < count; index++) {
    const size = reader.bytes.readUInt16LE(descriptors + index * DESCRIPTOR_SIZE);
    const type = reader.bytes[descriptors + index * DESCRIPTOR_SIZE + 2]!;
    const start = reader.take(size, `substitution ${index} value`);
    try {
      values.push(decodeSubstitution(reader.bytes, start, size, type));
    } catch (error) {
      if (error instanceof EvtxFormatError) {
        throw new EvtxFormatError(`substitution ${index} at offset ${start}: ${error.message}`);
      }
      throw error;
    }
  }
  return values;
}

/**
 * Copies `template` with each placeholder replaced by its value: optional placeholders with an empty value vanish,
 * attributes left empty are dropped, nested BinXML is decoded by `decodeNested`, and elements holding array values
 * are repeated per item.
 */
export function instantiate(
  template: ElementNode,
  values: SubstitutionValue[],
  decodeNested: (value: BinXmlValue) => ElementNode,
): ElementNode {
  const resolveNodes = (nodes: ContentNode[], inAttribute: boolean): ContentNode[] => {
    const out: ContentNode[] = [];
    for (const node of nodes) {
      if (node.kind === 'element') out.push(...expandArrays(resolveElement(node)));
      else if (node.kind !== 'placeholder') out.push(node);
      else {
        const value = values[node.index];
        if (value === undefined || (node.optional && isEmptyValue(value))) continue;
        if (value.kind !== 'binxml') out.push(value);
        else if (inAttribute) throw new EvtxFormatError('nested BinXML in an attribute value');
        else if (value.end > value.start) out.push(decodeNested(value));
      }
    }
    return out;
  };
  const resolveElement = (element: ElementNode): ElementNode => {
    const attributes: AttributeNode[] = [];
    for (const attribute of element.attributes) {
      const value = resolveNodes(attribute.value, true);
      if (value.length > 0) attributes.push({ name: attribute.name, value });
    }
    return {
      kind: 'element',
      name: element.name,
      attributes,
      children: resolveNodes(element.children, false),
    };
  };
  return resolveElement(template);
}

function isEmptyValue(value: SubstitutionValue): boolean {
  switch (value.kind) {
    case 'text':
      return value.text === '';
    case 'array':
      return value.items.length === 0;
    case 'binxml':
      return value.end === value.start;
    default:
      return false;
  }
}
