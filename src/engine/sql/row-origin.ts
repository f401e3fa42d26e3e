// Columns a loaded events table adds to every row: load order, source file and line. They are not event fields.

export const ROW_COLUMN = '_dragnet_row';
export const FILE_COLUMN = '_dragnet_file';
export const LINE_COLUMN = '_dragnet_line';

export const ORIGIN_COLUMNS: readonly string[] = [ROW_COLUMN, FILE_COLUMN, LINE_COLUMN];

/** Where an alerting row came from, when its table records it. */
export interface RowOrigin {
  file?: string;
  line?: number;
}

/** Splits a result row into the event's own columns (nulls dropped) and its origin. */
export function splitOrigin(row: Record<string, unknown>): {
  event: Record<string, unknown>;
  origin: RowOrigin;
} {
  const event: Record<string, unknown> = {};
  const origin: RowOrigin = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === FILE_COLUMN && typeof value === 'string') origin.file = value;
    else if (column === LINE_COLUMN && value !== null) origin.line = Number(value);
    else if (!ORIGIN_COLUMNS.includes(column) && value !== null && value !== undefined) event[column] = value;
  }
  return { event, origin };
}
