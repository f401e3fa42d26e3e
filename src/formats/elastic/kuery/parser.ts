// Recursive-descent parser of Kibana's KQL grammar (not > and > or) into a KQL syntax tree.
import { Scanner } from './scanner.js';
import type { KqlLiteral, KqlQuery, KqlValues } from './syntax.js';

/** Deepest nesting of parentheses, braces and `not` accepted, so hostile input cannot exhaust the stack. */
export const MAX_NESTING = 100;

export function parseKqlSyntax(query: string): KqlQuery {
  return new KqlParser(query).parse();
}

class KqlParser {
  private readonly scanner: Scanner;

  constructor(query: string) {
    this.scanner = new Scanner(query);
  }

  parse(): KqlQuery {
    const s = this.scanner;
    s.skipSpaces();
    if (s.atEnd()) return { kind: 'all' };
    const query = this.orQuery(0);
    s.skipSpaces();
    if (!s.atEnd()) throw s.expected('"and", "or" or the end of the query');
    return query;
  }

  /** The depth inside a bracket or `not` that starts at `offset`, refused beyond MAX_NESTING. */
  private enter(depth: number, offset = this.scanner.pos): number {
    if (depth >= MAX_NESTING) {
      throw this.scanner.error(
        `Query nests deeper than ${MAX_NESTING} levels of parentheses, braces or "not"`,
        offset,
      );
    }
    return depth + 1;
  }

  private orQuery(depth: number): KqlQuery {
    const children = [this.andQuery(depth)];
    while (this.scanner.acceptBinaryKeyword('or')) children.push(this.andQuery(depth));
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private andQuery(depth: number): KqlQuery {
    const children = [this.notQuery(depth)];
    while (this.scanner.acceptBinaryKeyword('and')) children.push(this.notQuery(depth));
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private notQuery(depth: number): KqlQuery {
    const offset = this.scanner.pos;
    if (!this.scanner.acceptNot()) return this.subQuery(depth);
    return { kind: 'not', child: this.subQuery(this.enter(depth, offset)) };
  }

  private subQuery(depth: number): KqlQuery {
    const s = this.scanner;
    if (s.peek() !== '(') return this.expression(depth);
    const inner = this.enter(depth);
    s.pos++;
    s.skipSpaces();
    const query = this.orQuery(inner);
    this.close(')');
    return query;
  }

  /** `field < value`, `field:{ query }`, `field:values`, or a value on its own. */
  private expression(depth: number): KqlQuery {
    const s = this.scanner;
    const first = s.readLiteral();
    if (!first) throw s.expected('a field name, a value, "not" or "("');
    const afterFirst = s.pos;
    s.skipSpaces();
    const op = s.acceptRangeOperator();
    if (op) {
      s.skipSpaces();
      return { kind: 'range', field: first, op, value: this.literal(`a value after the range operator`) };
    }
    if (s.peek() !== ':') {
      s.pos = afterFirst;
      return { kind: 'freetext', value: first };
    }
    s.pos++;
    s.skipSpaces();
    if (s.peek() === '{') return this.nested(first, depth);
    return { kind: 'field', field: first, values: this.listOfValues(depth) };
  }

  private nested(path: KqlLiteral, depth: number): KqlQuery {
    const s = this.scanner;
    const inner = this.enter(depth);
    s.pos++;
    s.skipSpaces();
    const query = this.orQuery(inner);
    this.close('}');
    return { kind: 'nested', path, query };
  }

  private listOfValues(depth: number): KqlValues {
    const s = this.scanner;
    if (s.peek() !== '(') return { kind: 'value', value: this.literal('a value') };
    const inner = this.enter(depth);
    s.pos++;
    s.skipSpaces();
    const values = this.orValues(inner);
    this.close(')');
    return values;
  }

  private orValues(depth: number): KqlValues {
    const children = [this.andValues(depth)];
    while (this.scanner.acceptBinaryKeyword('or')) children.push(this.andValues(depth));
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private andValues(depth: number): KqlValues {
    const children = [this.notValues(depth)];
    while (this.scanner.acceptBinaryKeyword('and')) children.push(this.notValues(depth));
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private notValues(depth: number): KqlValues {
    const offset = this.scanner.pos;
    if (!this.scanner.acceptNot()) return this.listOfValues(depth);
    return { kind: 'not', child: this.listOfValues(this.enter(depth, offset)) };
  }

  private literal(what: string): KqlLiteral {
    const literal = this.scanner.readLiteral();
    if (!literal) throw this.scanner.expected(what);
    return literal;
  }

  private close(bracket: ')' | '}'): void {
    const s = this.scanner;
    s.skipSpaces();
    if (s.peek() !== bracket) throw s.expected(`"and", "or" or "${bracket}"`);
    s.pos++;
  }
}
