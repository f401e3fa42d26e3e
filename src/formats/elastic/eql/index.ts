// Elastic EQL → Rule IR: parseEql() parses a query and translates it to a detection or a sequence.
import { tokenize } from './lexer.js';
import { parseStatement } from './query-parser.js';
import { type EqlQuery, translateQuery } from './query-translation.js';
import { SourceText } from './source-text.js';
import { TokenStream } from './token-stream.js';
import { TranslationContext } from './translation-context.js';

export { EqlError } from './error.js';
export { type EqlQuery, EVENT_CATEGORY_FIELD } from './query-translation.js';

/**
 * Parses an Elasticsearch EQL query. Throws EqlError on syntax errors, unknown functions and type errors
 * (e.g. `length(x) == "a"`), with the line and column (1-based) inside `query`. Constructs the IR cannot
 * express do not throw: they are named in `notEvaluable`.
 */
export function parseEql(query: string): EqlQuery {
  const source = new SourceText(query);
  const queryNode = parseStatement(new TokenStream(source, tokenize(source)));
  return translateQuery(queryNode, new TranslationContext(source));
}
