// `:`, `like`, `like~`, `regex`, `regex~` (single pattern or list) as wildcard, string and regex matchers.
import { type Expr, match, or } from '../../../ir/expr.js';
import type { Matcher } from '../../../ir/matcher.js';
import { compileRegex } from '../../../util/safe-regex.js';
import type { ConstantNode, PatternNode } from './ast.js';
import { luceneToRe2, RegexSyntaxError } from './lucene-regex.js';
import { resolveOperand } from './operand.js';
import type { TranslationContext } from './translation-context.js';
import { wildcardMatcher } from './wildcard-pattern.js';

export function translatePattern(node: PatternNode, ctx: TranslationContext): Expr {
  const keyword = node.op === ':' ? "':'" : `${node.op}${node.caseInsensitive ? '~' : ''}`;
  const value = resolveOperand(node.value);
  if (value.kind === 'unsupported') return ctx.unsupported(value.reason, node);
  if (value.kind === 'constant') return ctx.unsupported(`${keyword} on a constant`, node);
  if (value.kind === 'condition' || value.transform) {
    throw ctx.error(`${keyword} matches strings: its left side must be a field`, node.value.span);
  }
  const field = value.field;
  return or(
    node.patterns.map((pattern) => {
      if (pattern.kind !== 'string')
        throw ctx.error(`${keyword} needs string patterns, not a ${pattern.kind}`, pattern.span);
      const matcher = patternMatcher(node, pattern, ctx);
      return typeof matcher === 'string' ? ctx.unsupported(matcher, pattern, field) : match(field, matcher);
    }),
  );
}

/** The matcher for one pattern, or the name of the construct the IR cannot express. */
function patternMatcher(
  node: PatternNode,
  pattern: ConstantNode & { kind: 'string' },
  ctx: TranslationContext,
): Matcher | string {
  if (node.op === ':') return wildcardMatcher(pattern.value, false);
  if (node.op === 'like') return wildcardMatcher(pattern.value, !node.caseInsensitive);
  return regexMatcher(pattern, node.caseInsensitive, ctx);
}

/** EQL regexes must match the whole value, and Lucene's `.` matches newlines too. */
function regexMatcher(
  pattern: { value: string; span: PatternNode['span'] },
  ignoreCase: boolean,
  ctx: TranslationContext,
): Matcher | string {
  const invalid = (reason: string) =>
    ctx.error(`invalid regex ${JSON.stringify(pattern.value)}: ${reason}`, pattern.span);
  let translation: ReturnType<typeof luceneToRe2>;
  try {
    translation = luceneToRe2(pattern.value);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw invalid(error.message);
    throw error;
  }
  if ('unsupported' in translation) return translation.unsupported;
  const anchored = `^(?:${translation.pattern})$`;
  const flags = { ignoreCase, multiline: false, dotAll: true };
  try {
    compileRegex(anchored, flags);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  return { kind: 'regex', pattern: anchored, flags };
}
