// Syntax tree of an EQL query as written, before translation to the Rule IR.

/** Offsets into the query text: `start` inclusive, `end` exclusive; line/column (1-based) of `start`. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** `:` (case-insensitive wildcard), `like`/`like~` (wildcard), `regex`/`regex~`. */
export type PatternOp = ':' | 'like' | 'regex';

/** A field; `?field` (may be unmapped in Elasticsearch) reads the same, as every IR field may be missing. */
export interface FieldNode {
  kind: 'field';
  name: string;
  span: Span;
}

export interface StringNode {
  kind: 'string';
  value: string;
  span: Span;
}

export interface NumberNode {
  kind: 'number';
  value: number;
  span: Span;
}

export interface BooleanNode {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

export interface NullNode {
  kind: 'null';
  span: Span;
}

export type ConstantNode = StringNode | NumberNode | BooleanNode | NullNode;

export interface LogicalNode {
  kind: 'and' | 'or';
  children: ExprNode[];
  span: Span;
}

export interface NotNode {
  kind: 'not';
  child: ExprNode;
  span: Span;
}

export interface ComparisonNode {
  kind: 'comparison';
  op: ComparisonOp;
  left: ExprNode;
  right: ExprNode;
  span: Span;
}

/** `value [not] in[~] (a, b, …)`. */
export interface InNode {
  kind: 'in';
  value: ExprNode;
  list: ExprNode[];
  negated: boolean;
  caseInsensitive: boolean;
  span: Span;
}

/** `value : p`, `value like[~] p`, `value regex[~] p`, each also with a parenthesised list of patterns. */
export interface PatternNode {
  kind: 'pattern';
  op: PatternOp;
  caseInsensitive: boolean;
  value: ExprNode;
  patterns: ConstantNode[];
  span: Span;
}

export interface CallNode {
  kind: 'call';
  /** The function name as written, without `~`. */
  name: string;
  /** Written with `~` (case-insensitive variant). */
  caseInsensitive: boolean;
  args: ExprNode[];
  span: Span;
}

export interface ArithmeticNode {
  kind: 'arithmetic';
  op: ArithmeticOp;
  /** One operand for unary `-`/`+`, two otherwise. */
  operands: ExprNode[];
  span: Span;
}

export type ExprNode =
  | FieldNode
  | ConstantNode
  | LogicalNode
  | NotNode
  | ComparisonNode
  | InNode
  | PatternNode
  | CallNode
  | ArithmeticNode;

/** `category where condition`; `category` is undefined for `any`. */
export interface EventQueryNode {
  kind: 'event';
  category?: string;
  condition: ExprNode;
  span: Span;
}

/** One bracketed query of a sequence or sample, with its join keys. */
export interface TermNode {
  query: EventQueryNode;
  by: ExprNode[];
  runs?: number;
  /** `![…]`: the event must not occur. */
  missing: boolean;
  span: Span;
}

export interface SequenceNode {
  kind: 'sequence';
  by: ExprNode[];
  maxspanMs?: number;
  terms: TermNode[];
  until?: TermNode;
  span: Span;
}

export interface SampleNode {
  kind: 'sample';
  by: ExprNode[];
  terms: TermNode[];
  span: Span;
}

export type QueryNode = EventQueryNode | SequenceNode | SampleNode;

/** The direct sub-expressions of a node, in source order. */
export function childNodes(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children;
    case 'not':
      return [node.child];
    case 'comparison':
      return [node.left, node.right];
    case 'in':
      return [node.value, ...node.list];
    case 'pattern':
      return [node.value, ...node.patterns];
    case 'call':
      return node.args;
    case 'arithmetic':
      return node.operands;
    default:
      return [];
  }
}
