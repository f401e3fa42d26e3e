// Node types of decoded BinXML: elements with attributes, text, typed numbers, arrays and template placeholders.

/** Character content: strings, CDATA, references, and values rendered as text (GUIDs, SIDs, times, hex, binary). */
export interface TextNode {
  kind: 'text';
  text: string;
}

/** An integer value; evtx_dump writes it as a JSON number when it is an element's or attribute's only content. */
export interface IntNode {
  kind: 'int';
  value: number | bigint;
}

export interface BoolNode {
  kind: 'bool';
  value: boolean;
}

export type ScalarNode = TextNode | IntNode | BoolNode;

/** An array substitution value; an element holding one with several items is repeated once per item. */
export interface ArrayNode {
  kind: 'array';
  items: ScalarNode[];
}

/** A template's substitution slot, replaced by the instance's value when the template is instantiated. */
export interface PlaceholderNode {
  kind: 'placeholder';
  index: number;
  /** Optional substitutions vanish when their value is empty. */
  optional: boolean;
}

export interface AttributeNode {
  name: string;
  value: ContentNode[];
}

export interface ElementNode {
  kind: 'element';
  name: string;
  attributes: AttributeNode[];
  children: ContentNode[];
}

export type ContentNode = ElementNode | ScalarNode | ArrayNode | PlaceholderNode;

/** Nested BinXML carried by a substitution value: the chunk byte range [start, end). */
export interface BinXmlValue {
  kind: 'binxml';
  start: number;
  end: number;
}

export type SubstitutionValue = ScalarNode | ArrayNode | BinXmlValue;
