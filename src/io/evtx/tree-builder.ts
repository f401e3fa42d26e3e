// Assembles BinXML structure tokens into an element tree, rejecting streams whose nesting is inconsistent.
import { EvtxFormatError, nameForMessage } from './format-error.js';
import type { ArrayNode, AttributeNode, ElementNode, PlaceholderNode, ScalarNode } from './xml-tree.js';

const MAX_ELEMENT_DEPTH = 256;

export class TreeBuilder {
  private readonly open: ElementNode[] = [];
  private startTag: ElementNode | undefined;
  private attribute: AttributeNode | undefined;
  private root: ElementNode | undefined;

  openStartTag(name: string): void {
    if (this.startTag)
      throw new EvtxFormatError(
        `element ${nameForMessage(name)} opens inside the start tag of ${nameForMessage(this.startTag.name)}`,
      );
    if (this.open.length >= MAX_ELEMENT_DEPTH) {
      throw new EvtxFormatError(`elements nested deeper than ${MAX_ELEMENT_DEPTH} levels`);
    }
    this.startTag = { kind: 'element', name, attributes: [], children: [] };
    this.attribute = undefined;
  }

  startAttribute(name: string): void {
    if (!this.startTag) throw new EvtxFormatError(`attribute ${nameForMessage(name)} outside a start tag`);
    this.attribute = { name, value: [] };
    this.startTag.attributes.push(this.attribute);
  }

  /** Character data or a substitution: part of the current attribute inside a start tag, else element content. */
  addContent(node: ScalarNode | ArrayNode | PlaceholderNode): void {
    if (this.startTag) {
      if (!this.attribute)
        throw new EvtxFormatError(
          `content in the start tag of ${nameForMessage(this.startTag.name)} outside any attribute`,
        );
      this.attribute.value.push(node);
      return;
    }
    const parent = this.open.at(-1);
    if (!parent) throw new EvtxFormatError('character data outside the root element');
    parent.children.push(node);
  }

  /** A complete element produced elsewhere: an instantiated template or nested BinXML. */
  addElement(element: ElementNode): void {
    if (this.startTag)
      throw new EvtxFormatError(
        `element ${nameForMessage(element.name)} inside the start tag of ${nameForMessage(this.startTag.name)}`,
      );
    this.attach(element);
  }

  closeStartTag(): void {
    const element = this.takeStartTag('close of a start tag');
    this.attach(element);
    this.open.push(element);
  }

  closeEmptyElement(): void {
    this.attach(this.takeStartTag('close of an empty element'));
  }

  endElement(): void {
    if (this.startTag)
      throw new EvtxFormatError(`end tag inside the start tag of ${nameForMessage(this.startTag.name)}`);
    if (!this.open.pop()) throw new EvtxFormatError('end tag without an open element');
  }

  finish(): ElementNode {
    const unclosed = this.startTag ?? this.open.at(-1);
    if (unclosed) throw new EvtxFormatError(`BinXML ends inside element ${nameForMessage(unclosed.name)}`);
    if (!this.root) throw new EvtxFormatError('BinXML holds no element');
    return this.root;
  }

  private takeStartTag(what: string): ElementNode {
    const element = this.startTag;
    if (!element) throw new EvtxFormatError(`${what} without a start tag`);
    element.attributes = element.attributes.filter((attribute) => attribute.value.length > 0);
    this.startTag = undefined;
    this.attribute = undefined;
    return element;
  }

  private attach(element: ElementNode): void {
    const parent = this.open.at(-1);
    if (parent) parent.children.push(element);
    else if (this.root)
      throw new EvtxFormatError(
        `second root element ${nameForMessage(element.name)} after ${nameForMessage(this.root.name)}`,
      );
    else this.root = element;
  }
}
