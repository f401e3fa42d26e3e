// Renders regex matchers in the dialect's own regular-expression language, RE2 semantics kept.
import type { RegexMatcher } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import type { SqlDialect } from './dialect.js';
import { sqlString } from './literal.js';
import { re2ToPostgresAre } from './regex-are.js';

/** RE2 inline flags for dot-all and multi-line; case is passed to the search operator. */
function re2FlagPrefix(matcher: RegexMatcher): string {
  const letters = `${matcher.flags.multiline ? 'm' : ''}${matcher.flags.dotAll ? 's' : ''}`;
  return letters ? `(?${letters})` : '';
}

export function regexPredicate(dialect: SqlDialect, subject: string, matcher: RegexMatcher): string {
  if (!dialect.regex) {
    throw new UnsupportedConstruct(
      'regex',
      `${dialect.name} has no built-in regular expressions (SQLite's REGEXP operator needs an application-registered function)`,
    );
  }
  if (dialect.regex.syntax === 're2') {
    const pattern = sqlString(re2FlagPrefix(matcher) + matcher.pattern);
    return dialect.regex.search(subject, pattern, matcher.flags.ignoreCase);
  }
  const translated = re2ToPostgresAre(matcher.pattern, matcher.flags);
  return dialect.regex.search(subject, sqlString(translated.pattern), translated.ignoreCase);
}
