// The schemas a multi-thread hunt meets first, from its first piece: their plans are computed before it is matched.
import { EventView, type JsonObject } from '../event-view.js';
import { detectSchema, type EventSchema } from '../schemas.js';
import { pieceItems } from './piece-events.js';
import type { Piece } from './pieces.js';

/** Events of the first piece looked at: enough to meet every schema of a mixed input, cheap to parse twice. */
const LOOKED_AT = 1000;

/** The events of a piece, parsed as they are reached (broken lines and read errors left out). */
function* eventsOf(piece: Piece): Generator<JsonObject> {
  if (piece.kind === 'items') for (const item of piece.items) if ('record' in item) yield item.record.event;
  if (piece.kind === 'text')
    for (const item of pieceItems(piece)) if ('record' in item) yield item.record.event;
}

/** Names of the schemas of the piece's first events, in the order they first occur. */
export function schemasAhead(piece: Piece, schemas: readonly EventSchema[]): string[] {
  const names = new Set<string>();
  let seen = 0;
  for (const event of eventsOf(piece)) {
    names.add(detectSchema(schemas, new EventView(event)).name);
    if (++seen >= LOOKED_AT) break;
  }
  return [...names];
}
