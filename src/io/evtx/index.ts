// Streams the records of a Windows XML Event Log (.evtx) file, chunk by chunk, as evtx_dump-shaped JSON events.
import { open } from 'node:fs/promises';
import { CHUNK_SIZE } from './chunk-header.js';
import { decodeChunk } from './chunk-records.js';
import { FILE_HEADER_SIZE, fileHeaderProblems } from './file-header.js';
import type { EvtxItem } from './types.js';

export type { EvtxError, EvtxItem, EvtxRecord } from './types.js';

/** Streams the records of an .evtx file in file order; a corrupt record/chunk yields {error} and reading goes on. */
export async function* readEvtx(file: string): AsyncGenerator<EvtxItem> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(FILE_HEADER_SIZE);
    const { bytesRead: headerLength } = await handle.read(header, 0, FILE_HEADER_SIZE, 0);
    for (const problem of fileHeaderProblems(header, headerLength)) {
      yield { error: { message: `${file}: file header: ${problem}` } };
    }
    const chunk = Buffer.alloc(CHUNK_SIZE);
    for (let index = 0, position = FILE_HEADER_SIZE; position < size; index++, position += CHUNK_SIZE) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_SIZE, position);
      if (bytesRead === 0) break;
      chunk.fill(0, bytesRead);
      yield* decodeChunk(chunk, bytesRead, index, file);
    }
  } finally {
    await handle.close();
  }
}
