// Units of work for parallel matching: raw bytes cut at record boundaries, decoded EVTX events, or a read error.
import type { EventItem, RejectedEvent } from '../../io/read-events.js';
import type { PooledRead } from './chunk-pool.js';

/** How a text piece ends: at the end of its file, where the next piece starts a record (`\n{`), or cut by a read error. */
export type PieceEnd = 'file' | 'boundary' | 'cut';

/** JSON text of one file from a line start, as UTF-8 bytes; records never straddle two pieces. */
export interface TextPiece {
  kind: 'text';
  file: string;
  /** 1-based line of the first character. */
  line: number;
  bytes: Uint8Array;
  end: PieceEnd;
  /** Read into a pooled chunk (plain files): read over once the piece is consumed (see `consumed`). */
  pooled?: PooledRead;
}

/** Events read on the main thread (EVTX), in order, rejected ones included. */
export interface ItemsPiece {
  kind: 'items';
  items: EventItem[];
}

export interface RejectedPiece {
  kind: 'rejected';
  rejected: RejectedEvent;
}

export type Piece = TextPiece | ItemsPiece | RejectedPiece;
