// Splunk SPL backend: `index=… <search terms>`, then `| regex` and `| where` for what a search cannot express.
import type { Expr } from '../../ir/expr.js';
import type { LogicMode } from '../../ir/rule.js';
import type { Backend, TargetRule } from '../target.js';
import { aggregationCommands } from './aggregation.js';
import { evalCondition, splRegex } from './eval-condition.js';
import { indexTerm, searchField, splString } from './literal.js';
import { isSearchable, searchCondition } from './search-condition.js';

export const splunkBackend: Backend = { name: 'splunk', render: renderSplunk };

function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'and') return expr.children;
  return expr.kind === 'const' && expr.value ? [] : [expr];
}

/**
 * A conjunct the `regex` command filters on: a regex on a plain field or the raw event, or (in boolean
 * rules, where a missing field must pass) its negation with `!=`.
 */
function regexCommand(expr: Expr, logic: LogicMode): string | undefined {
  const negated = expr.kind === 'not';
  if (negated && logic !== 'boolean') return undefined;
  const node = negated ? expr.child : expr;
  if (node.kind !== 'match' && node.kind !== 'keyword') return undefined;
  if (node.matcher.kind !== 'regex' || (node.kind === 'match' && node.transform)) return undefined;
  const field = node.kind === 'keyword' ? '_raw' : searchField(node.field);
  if (!field) return undefined;
  return `regex ${field}${negated ? '!=' : '='}${splString(splRegex(node.matcher.pattern, node.matcher.flags))}`;
}

/** The query: one line per command. Throws UnsupportedConstruct. */
export function renderSplunk(target: TargetRule): string {
  const logic = target.rule.logic;
  const indexes = target.sources.map(indexTerm);
  const search = indexes.length > 1 ? [`(${indexes.join(' OR ')})`] : indexes;
  const commands: string[] = [];
  const evaluated: Expr[] = [];
  for (const conjunct of conjuncts(target.detection)) {
    if (isSearchable(conjunct)) {
      const text = searchCondition(conjunct);
      search.push(conjunct.kind === 'and' || conjunct.kind === 'or' ? `(${text})` : text);
      continue;
    }
    const regex = regexCommand(conjunct, logic);
    if (regex) commands.push(regex);
    else evaluated.push(conjunct);
  }
  if (evaluated.length) commands.push(`where ${evalCondition({ kind: 'and', children: evaluated }, logic)}`);
  commands.push(...aggregationCommands(target.rule, target.mapField));
  return [search.join(' ') || '*', ...commands].join('\n| ');
}
