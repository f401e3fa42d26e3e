// Bounds-checked little-endian reads over a byte range of a buffer; reading past the range throws EvtxFormatError.
import { EvtxFormatError } from './format-error.js';

export class ByteReader {
  constructor(
    readonly bytes: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  /** Claims `count` bytes at the current position and returns where they start. */
  take(count: number, what: string): number {
    const at = this.pos;
    if (count < 0 || at + count > this.end) {
      throw new EvtxFormatError(
        `${what} at offset ${at} needs ${count} bytes but only ${Math.max(0, this.end - at)} remain`,
      );
    }
    this.pos = at + count;
    return at;
  }

  u8(what: string): number {
    return this.bytes[this.take(1, what)]!;
  }

  u16(what: string): number {
    return this.bytes.readUInt16LE(this.take(2, what));
  }

  u32(what: string): number {
    return this.bytes.readUInt32LE(this.take(4, what));
  }
}
