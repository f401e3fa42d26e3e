// The query text with offset → line/column lookup, for spans and positioned errors.
import type { Span } from './ast.js';
import { EqlError } from './error.js';

export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  span(start: number, end: number): Span {
    return { start, end, ...this.position(start) };
  }

  error(message: string, offset: number): EqlError {
    const { line, column } = this.position(offset);
    return new EqlError(message, line, column);
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}
