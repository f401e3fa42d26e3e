// The chunk's string table: element, attribute and entity names referenced by chunk offset, decoded once each.
import type { ByteReader } from './byte-reader.js';
import { EvtxFormatError } from './format-error.js';

/** A name is stored as: next-name offset (4), hash (2), character count (2), UTF-16LE characters, NUL (2). */
const NAME_HEADER_SIZE = 8;
const NAME_TERMINATOR_SIZE = 2;

export class NameTable {
  private readonly names = new Map<number, string>();

  constructor(
    private readonly chunk: Buffer,
    private readonly length: number,
  ) {}

  /** Reads a name reference; a name stored inline, right after its reference, is stepped over. */
  readReference(reader: ByteReader): string {
    const offset = reader.u32('name offset');
    const name = this.nameAt(offset);
    if (offset === reader.pos)
      reader.take(NAME_HEADER_SIZE + 2 * name.length + NAME_TERMINATOR_SIZE, 'inline name');
    return name;
  }

  private nameAt(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    if (offset + NAME_HEADER_SIZE > this.length) {
      throw new EvtxFormatError(`name offset ${offset} lies outside the chunk data (${this.length} bytes)`);
    }
    const count = this.chunk.readUInt16LE(offset + 6);
    const start = offset + NAME_HEADER_SIZE;
    if (start + 2 * count > this.length) {
      throw new EvtxFormatError(`name at offset ${offset} with ${count} characters runs past the chunk data`);
    }
    const name = this.chunk.toString('utf16le', start, start + 2 * count);
    this.names.set(offset, name);
    return name;
  }
}
