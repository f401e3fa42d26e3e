// Gives a KQL syntax tree its meaning as a Rule IR expression, using each field's mapping type.
import { and, type Expr, not, or, TRUE } from '../../../ir/expr.js';
import { KueryError } from './errors.js';
import { fieldKind } from './field-kinds.js';
import { rangeExpr } from './ranges.js';
import { hasWildcard, type KqlLiteral, type KqlQuery, type KqlValues, literalText } from './syntax.js';
import { type Fail, type FieldTarget, fieldValueExpr, freeTextExpr, isLoneWildcard } from './values.js';

export type FieldTypeLookup = (field: string) => string | undefined;

export function translateKql(query: KqlQuery, source: string, fieldType: FieldTypeLookup): Expr {
  const fail: Fail = (offset, message) => KueryError.at(source, offset, message);
  return new Translator(fieldType, fail).query(query, '');
}

class Translator {
  constructor(
    private readonly fieldType: FieldTypeLookup,
    private readonly fail: Fail,
  ) {}

  /** `nestedPath` is the full path of the enclosing `path:{ … }` groups, '' outside them. */
  query(node: KqlQuery, nestedPath: string): Expr {
    switch (node.kind) {
      case 'all':
        return TRUE;
      case 'or':
        return or(node.children.map((child) => this.query(child, nestedPath)));
      case 'and':
        return and(node.children.map((child) => this.query(child, nestedPath)));
      case 'not':
        return not(this.query(node.child, nestedPath));
      case 'freetext':
        return freeTextExpr(node.value, this.fail);
      case 'range':
        return rangeExpr(this.target(node.field, nestedPath), node.op, node.value, this.fail);
      case 'nested': {
        if (hasWildcard(node.path))
          throw this.fail(node.path.offset, 'A nested path cannot contain wildcards');
        const path = this.fieldName(node.path);
        return { kind: 'nested', path, child: this.query(node.query, joinPath(nestedPath, path)) };
      }
      case 'field': {
        const isExistsQuery = node.values.kind === 'value' && isLoneWildcard(node.values.value);
        if (isExistsQuery && isLoneWildcard(node.field)) return TRUE; // `*:*`: Kibana's match-all
        return this.values(node.values, this.target(node.field, nestedPath));
      }
    }
  }

  private values(node: KqlValues, field: FieldTarget): Expr {
    switch (node.kind) {
      case 'or':
        return or(node.children.map((child) => this.values(child, field)));
      case 'and':
        return and(node.children.map((child) => this.values(child, field)));
      case 'not':
        return not(this.values(node.child, field));
      case 'value':
        return fieldValueExpr(field, node.value, this.fail);
    }
  }

  /** A field by its (relative) name; its type is looked up by the full path, a `*` pattern has no type. */
  private target(field: KqlLiteral, nestedPath: string): FieldTarget {
    const name = this.fieldName(field);
    const type = hasWildcard(field) ? undefined : this.fieldType(joinPath(nestedPath, name));
    return { name, kind: fieldKind(name, type) };
  }

  private fieldName(field: KqlLiteral): string {
    const name = literalText(field);
    if (name === '') throw this.fail(field.offset, 'Empty field name');
    return name;
  }
}

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
