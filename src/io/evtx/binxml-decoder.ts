// Decodes the BinXML token streams of one chunk into element trees, instantiating templates as they occur.
import { ByteReader } from './byte-reader.js';
import { EvtxFormatError } from './format-error.js';
import { NameTable } from './name-table.js';
import { instantiate, readSubstitutions } from './template-instance.js';
import { TreeBuilder } from './tree-builder.js';
import { readCountedString, readTokenValue } from './value-decode.js';
import type { BinXmlValue, ElementNode } from './xml-tree.js';

const Token = {
  EndOfStream: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CDataSection: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;

/** Set on a token to flag "has attributes" (start tags) or "more data follows" (values, attributes, references). */
const TOKEN_FLAG = 0x40;
/** Template definition header: next definition offset (4), GUID (16), data size (4). */
const TEMPLATE_HEADER_SIZE = 24;
/** Bound on template instances within nested BinXML values within template instances… of one event. */
const MAX_NESTING = 16;

interface StreamKind {
  /** Template definitions hold substitutions; other streams hold template instances. */
  template: boolean;
  /** Start tags carry a 2-byte dependency identifier, except in BinXML nested in a substitution value. */
  dependencyId: boolean;
  nesting: number;
}

interface TemplateDefinition {
  root: ElementNode;
  /** Bytes the definition occupies, header included. */
  size: number;
}

export class BinXmlDecoder {
  private readonly names: NameTable;
  /** Parsed template definitions, or the error that parsing one raised, by chunk offset. */
  private readonly templates = new Map<number, TemplateDefinition | EvtxFormatError>();

  /** `chunk` holds one chunk whose first `length` bytes are valid. */
  constructor(
    private readonly chunk: Buffer,
    private readonly length: number,
  ) {
    this.names = new NameTable(chunk, length);
  }

  /** Decodes a record's event, the BinXML in chunk bytes [start, end). */
  decodeEvent(start: number, end: number): ElementNode {
    return this.decodeStream(new ByteReader(this.chunk, start, end), {
      template: false,
      dependencyId: true,
      nesting: 0,
    });
  }

  private decodeStream(reader: ByteReader, kind: StreamKind): ElementNode {
    const tree = new TreeBuilder();
    while (reader.pos < reader.end) {
      const at = reader.pos;
      const token = reader.u8('token');
      switch (token & ~TOKEN_FLAG) {
        case Token.EndOfStream:
          return tree.finish();
        case Token.OpenStartElement:
          if (kind.dependencyId) reader.take(2, 'dependency identifier');
          reader.take(4, 'element data size');
          tree.openStartTag(this.names.readReference(reader));
          if (token & TOKEN_FLAG) reader.take(4, 'attribute list size');
          break;
        case Token.CloseStartElement:
          tree.closeStartTag();
          break;
        case Token.CloseEmptyElement:
          tree.closeEmptyElement();
          break;
        case Token.EndElement:
          tree.endElement();
          break;
        case Token.Value:
          tree.addContent(readTokenValue(reader, reader.u8('value type')));
          break;
        case Token.Attribute:
          tree.startAttribute(this.names.readReference(reader));
          break;
        case Token.CDataSection:
          tree.addContent({ kind: 'text', text: readCountedString(reader, 'CDATA text') });
          break;
        case Token.CharRef:
          tree.addContent({ kind: 'text', text: `&#${reader.u16('character reference')};` });
          break;
        case Token.EntityRef:
          tree.addContent({ kind: 'text', text: `&${this.names.readReference(reader)};` });
          break;
        case Token.PITarget:
          this.names.readReference(reader);
          break;
        case Token.PIData:
          readCountedString(reader, 'PI data');
          break;
        case Token.TemplateInstance:
          if (kind.template)
            throw new EvtxFormatError(`template instance inside a template definition at offset ${at}`);
          tree.addElement(this.readTemplateInstance(reader, kind.nesting));
          break;
        case Token.NormalSubstitution:
        case Token.OptionalSubstitution:
          if (!kind.template)
            throw new EvtxFormatError(`substitution outside a template definition at offset ${at}`);
          tree.addContent({
            kind: 'placeholder',
            index: reader.u16('substitution index'),
            optional: (token & ~TOKEN_FLAG) === Token.OptionalSubstitution,
          });
          reader.take(1, 'substitution value type');
          break;
        case Token.FragmentHeader:
          reader.take(3, 'fragment header');
          break;
        default:
          throw new EvtxFormatError(
            `unknown BinXML token 0x${token.toString(16).padStart(2, '0')} at offset ${at}`,
          );
      }
    }
    return tree.finish();
  }

  private readTemplateInstance(reader: ByteReader, nesting: number): ElementNode {
    if (nesting >= MAX_NESTING)
      throw new EvtxFormatError(`template instances nested deeper than ${MAX_NESTING} levels`);
    reader.take(5, 'template instance header');
    const definitionOffset = reader.u32('template definition offset');
    const template = this.template(definitionOffset);
    if (definitionOffset === reader.pos) reader.take(template.size, 'inline template definition');
    const values = readSubstitutions(reader);
    return instantiate(template.root, values, (value) => this.decodeNested(value, nesting + 1));
  }

  private decodeNested(value: BinXmlValue, nesting: number): ElementNode {
    const reader = new ByteReader(this.chunk, value.start, value.end);
    return this.decodeStream(reader, { template: false, dependencyId: false, nesting });
  }

  private template(offset: number): TemplateDefinition {
    const cached = this.templates.get(offset);
    if (cached instanceof EvtxFormatError) throw cached;
    if (cached) return cached;
    try {
      const template = this.readTemplateDefinition(offset);
      this.templates.set(offset, template);
      return template;
    } catch (error) {
      if (!(error instanceof EvtxFormatError)) throw error;
      const failure = new EvtxFormatError(`template definition at offset ${offset}: ${error.message}`);
      this.templates.set(offset, failure);
      throw failure;
    }
  }

  private readTemplateDefinition(offset: number): TemplateDefinition {
    const header = new ByteReader(this.chunk, offset, this.length);
    header.take(TEMPLATE_HEADER_SIZE - 4, 'template definition header');
    const dataSize = header.u32('template data size');
    const dataStart = header.take(dataSize, 'template data');
    const reader = new ByteReader(this.chunk, dataStart, dataStart + dataSize);
    return {
      root: this.decodeStream(reader, { template: true, dependencyId: true, nesting: 0 }),
      size: TEMPLATE_HEADER_SIZE + dataSize,
    };
  }
}
