// Shared read buffers used again once every piece cut from one is consumed, instead of a new one per read.
import type { Piece } from './pieces.js';

/**
 * A buffer files are read into. Its pieces are views of it; `generation` counts its reuses, so a record made from an
 * earlier read can tell that the bytes it points at were read over (see `LazyRecord`).
 */
export class PooledChunk {
  generation = 0;
  /** Pieces cut from it and not consumed, plus one while the reader fills it and cuts it. */
  private users = 1;

  constructor(
    readonly bytes: Buffer,
    private readonly pool: ChunkPool | undefined,
  ) {}

  /** One more piece cut from the chunk. */
  retain(): void {
    this.users++;
  }

  /** A piece consumed, or the reader done with the chunk: when no one uses it, it is free to be read into again. */
  release(): void {
    if (--this.users === 0) this.pool?.give(this);
  }

  /** The chunk taken from the pool for the reader. */
  reuse(): this {
    this.generation++;
    this.users = 1;
    return this;
  }
}

/** Where a piece's bytes are: its chunk, the chunk's generation when read, the file offset of the piece's first byte. */
export interface PooledRead {
  chunk: PooledChunk;
  generation: number;
  offset: number;
}

/**
 * Chunks of `chunkBytes` in shared memory, kept for reuse (at most `keep` free). A new chunk per read was freed only
 * when the main thread's heap next collected its old generation: between those collections, the reads that had
 * lived through two young collections piled up (60–100 MB through a two-thread hunt of all SigmaHQ rules).
 */
export class ChunkPool {
  private readonly free: PooledChunk[] = [];

  constructor(
    readonly chunkBytes: number,
    private readonly keep: number,
  ) {}

  /** A chunk of the pool's size: a free one, else a new one. */
  take(): PooledChunk {
    return this.free.pop()?.reuse() ?? new PooledChunk(sharedBytes(this.chunkBytes), this);
  }

  /** A chunk of another size, not kept for reuse. */
  takeOnce(bytes: number): PooledChunk {
    return new PooledChunk(sharedBytes(bytes), undefined);
  }

  give(chunk: PooledChunk): void {
    if (this.free.length < this.keep) this.free.push(chunk);
  }
}

/** Bytes in a SharedArrayBuffer of their own. */
function sharedBytes(length: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(length));
}

/** Marks the piece's items consumed: its chunk may be read into again once every piece of it is. */
export function consumed(piece: Piece): void {
  if (piece.kind === 'text') piece.pooled?.chunk.release();
}
