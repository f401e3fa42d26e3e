// EqlError: a syntax or semantic error in an EQL query, with the 1-based line and column it points at.

export class EqlError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'EqlError';
    this.line = line;
    this.column = column;
  }
}
