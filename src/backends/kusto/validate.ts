// Checks Kusto queries with Microsoft's parser: syntax errors, and semantic errors against a table schema.
import { type KustoDiagnostic, kustoLanguage, listItems } from './kusto-language.js';

export interface KustoError {
  message: string;
  start: number;
  length: number;
}

function errors(diagnostics: KustoDiagnostic[]): KustoError[] {
  return diagnostics
    .filter((d) => d.Severity === 'Error')
    .map((d) => ({ message: d.Message, start: d.Start, length: d.Length }));
}

/** Syntax errors of a query (empty when it parses). Needs the devDependency @kusto/language-service-next. */
export function kustoSyntaxErrors(query: string): KustoError[] {
  return errors(listItems(kustoLanguage().KustoCode.Parse(query).GetSyntaxDiagnostics()));
}

/**
 * Syntax and semantic errors (unknown names, wrong argument types) of a query over the given tables, each a
 * Kusto schema such as `(Image:string, EventID:long)`.
 */
export function kustoAnalysisErrors(query: string, tables: Record<string, string>): KustoError[] {
  const kusto = kustoLanguage();
  const symbols = Object.entries(tables).map(
    ([name, schema]) => new kusto.Symbols.TableSymbol.$ctor7(name, schema, null),
  );
  const globals = kusto.GlobalState.Default.WithDatabase(
    new kusto.Symbols.DatabaseSymbol('dragnet', symbols),
  );
  return errors(listItems(kusto.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics()));
}
