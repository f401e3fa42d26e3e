// State of one query's translation to the IR: the source text and the constructs the IR cannot express.
import type { Expr } from '../../../ir/expr.js';
import { match } from '../../../ir/expr.js';
import { childNodes, type ExprNode, type Span } from './ast.js';
import type { EqlError } from './error.js';
import type { SourceText } from './source-text.js';

export class TranslationContext {
  readonly source: SourceText;
  private readonly reasons = new Set<string>();

  constructor(source: SourceText) {
    this.source = source;
  }

  /** Names of the constructs that were parsed but not expressed, in first-seen order. */
  get notEvaluable(): string[] {
    return [...this.reasons];
  }

  note(reason: string): void {
    this.reasons.add(reason);
  }

  /**
   * Records `reason` and stands in for `node` with a placeholder matcher named by its source text, on the
   * first field it reads (or `field`); the rule is not evaluable, but the tree keeps the node's place and fields.
   */
  unsupported(reason: string, node: ExprNode, field = firstField(node) ?? ''): Expr {
    this.note(reason);
    return match(field, { kind: 'placeholder', name: this.source.slice(node.span) });
  }

  error(message: string, at: Span): EqlError {
    return this.source.error(message, at.start);
  }
}

function firstField(node: ExprNode): string | undefined {
  if (node.kind === 'field') return node.name;
  for (const child of childNodes(node)) {
    const found = firstField(child);
    if (found !== undefined) return found;
  }
  return undefined;
}
