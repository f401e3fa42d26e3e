// Classifies a value: field (also via length()/string()), constant, condition, or not comparable in the IR.
import type { FieldTransform } from '../../../ir/expr.js';
import type { ConstantNode, ExprNode } from './ast.js';
import { signatureOf } from './function-signatures.js';

export type Operand =
  | { kind: 'field'; field: string; transform?: FieldTransform }
  | { kind: 'constant'; constant: ConstantNode }
  /** A boolean-valued expression: comparison, lookup, logical operator or predicate function. */
  | { kind: 'condition' }
  | { kind: 'unsupported'; reason: string };

export function resolveOperand(node: ExprNode): Operand {
  switch (node.kind) {
    case 'field':
      return { kind: 'field', field: node.name };
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'constant', constant: node };
    case 'arithmetic':
      return { kind: 'unsupported', reason: `arithmetic operator ${node.op}` };
    case 'call':
      return resolveCall(node);
    default:
      return { kind: 'condition' };
  }
}

function resolveCall(node: Extract<ExprNode, { kind: 'call' }>): Operand {
  const signature = signatureOf(node);
  if (signature.predicate) return { kind: 'condition' };
  const unsupported: Operand = { kind: 'unsupported', reason: `function ${signature.name}()` };
  const argument = resolveOperand(node.args[0]!);
  if (signature.name === 'string') {
    if (argument.kind === 'field' && !argument.transform) return argument;
    if (argument.kind === 'constant') return { kind: 'constant', constant: stringOf(argument.constant) };
    return argument.kind === 'unsupported' ? argument : unsupported;
  }
  if (signature.name === 'length') {
    if (argument.kind === 'field' && !argument.transform)
      return { ...argument, transform: { kind: 'length' } };
    if (argument.kind === 'constant' && argument.constant.kind === 'string') {
      return {
        kind: 'constant',
        constant: { kind: 'number', value: argument.constant.value.length, span: node.span },
      };
    }
    return argument.kind === 'unsupported' ? argument : unsupported;
  }
  return unsupported;
}

/** `string(constant)`: numbers and booleans as text; null stays null. */
function stringOf(constant: ConstantNode): ConstantNode {
  if (constant.kind === 'null' || constant.kind === 'string') return constant;
  return { kind: 'string', value: String(constant.value), span: constant.span };
}
