// CRC-32 (IEEE 802.3, reflected, RFC 1952) as used by the EVTX file and chunk header checksums.
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 of bytes[start, end), continuing from `previous` (the CRC of the bytes before them). */
export function crc32(bytes: Uint8Array, start: number, end: number, previous = 0): number {
  let crc = ~previous;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** A checksum as 8 hex digits, for messages. */
export function checksumText(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
