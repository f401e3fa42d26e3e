// Boolean EQL functions: startsWith, endsWith, stringContains (and `~` variants), wildcard, cidrMatch.
import { type Expr, FALSE, match, not, or, TRUE } from '../../../ir/expr.js';
import type { StringOp } from '../../../ir/matcher.js';
import type { CallNode, ExprNode } from './ast.js';
import { cidrBlock } from './cidr-block.js';
import { signatureOf } from './function-signatures.js';
import { type Operand, resolveOperand } from './operand.js';
import type { TranslationContext } from './translation-context.js';
import { wildcardMatcher } from './wildcard-pattern.js';

const SUBSTRING_TESTS: Record<string, StringOp> = {
  startsWith: 'startswith',
  endsWith: 'endswith',
  stringContains: 'contains',
};

export function translatePredicateCall(call: CallNode, ctx: TranslationContext): Expr {
  const name = signatureOf(call).name;
  const substringOp = SUBSTRING_TESTS[name];
  if (substringOp) return substringTest(call, name, substringOp, ctx);
  if (name === 'wildcard' || name === 'cidrMatch') return patternListTest(call, name, ctx);
  throw ctx.error(`${name}() returns a value, not a condition: compare it with something`, call.span);
}

/** `startsWith(source, part)` and friends: a string matcher, or a field reference when `part` is a field. */
function substringTest(call: CallNode, name: string, op: StringOp, ctx: TranslationContext): Expr {
  const source = stringOperand(call.args[0]!, name, ctx);
  const part = stringOperand(call.args[1]!, name, ctx);
  const caseSensitive = !call.caseInsensitive;
  if (source.kind === 'unsupported') return ctx.unsupported(source.reason, call);
  if (part.kind === 'unsupported') return ctx.unsupported(part.reason, call);
  if (source.kind === 'field' && part.kind === 'field') {
    return { kind: 'fieldref', field: source.field, other: part.field, op, caseSensitive };
  }
  if (source.kind === 'field' && part.kind === 'constant') {
    // stringContains(x, "") is false for every string; startsWith/endsWith with "" are true.
    if (op === 'contains' && part.value === '') {
      return not(match(source.field, { kind: 'string', op: 'startswith', value: '', caseSensitive }));
    }
    return match(source.field, { kind: 'string', op, value: part.value, caseSensitive });
  }
  if (source.kind === 'constant' && part.kind === 'constant') {
    return constantSubstringTest(source.value, part.value, op, caseSensitive) ? TRUE : FALSE;
  }
  return ctx.unsupported(`${name}() with a constant source and a field argument`, call);
}

type StringOperand =
  | { kind: 'field'; field: string }
  | { kind: 'constant'; value: string }
  | { kind: 'unsupported'; reason: string };

/** A string argument: a plain field, a string constant, or unsupported; anything else is a type error. */
function stringOperand(arg: ExprNode, name: string, ctx: TranslationContext): StringOperand {
  const operand: Operand = resolveOperand(arg);
  if (operand.kind === 'unsupported') return operand;
  if (operand.kind === 'field' && !operand.transform) return { kind: 'field', field: operand.field };
  if (operand.kind === 'constant' && operand.constant.kind === 'string') {
    return { kind: 'constant', value: operand.constant.value };
  }
  if (operand.kind === 'constant' && operand.constant.kind === 'null') {
    return { kind: 'unsupported', reason: `null argument of ${name}()` };
  }
  throw ctx.error(`${name}() takes string arguments`, arg.span);
}

function constantSubstringTest(source: string, part: string, op: StringOp, caseSensitive: boolean): boolean {
  const text = caseSensitive ? source : source.toLowerCase();
  const sought = caseSensitive ? part : part.toLowerCase();
  if (op === 'startswith') return text.startsWith(sought);
  if (op === 'endswith') return text.endsWith(sought);
  return sought !== '' && text.includes(sought);
}

/** `wildcard(field, p1, p2…)` and `cidrMatch(field, block1, block2…)`: any of the patterns. */
function patternListTest(call: CallNode, name: 'wildcard' | 'cidrMatch', ctx: TranslationContext): Expr {
  const [first, ...patterns] = call.args;
  const source = stringOperand(first!, name, ctx);
  if (source.kind === 'unsupported') return ctx.unsupported(source.reason, call);
  if (source.kind === 'constant') return ctx.unsupported(`${name}() of a constant`, call);
  return or(
    patterns.map((pattern) => {
      if (pattern.kind !== 'string')
        throw ctx.error(`${name}() takes string constants as patterns`, pattern.span);
      if (name === 'wildcard')
        return match(source.field, wildcardMatcher(pattern.value, !call.caseInsensitive));
      const cidr = cidrBlock(pattern.value);
      if (!cidr)
        throw ctx.error(`${JSON.stringify(pattern.value)} is not an IP address or CIDR block`, pattern.span);
      return match(source.field, { kind: 'cidr', cidr });
    }),
  );
}
