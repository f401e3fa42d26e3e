// Loads Microsoft's Kusto parser (devDependency @kusto/language-service-next, a Bridge.NET script setting globals).
import { createRequire } from 'node:module';

/** The few parts of the Kusto.Language API dragnet uses (the package's own typings declare global namespaces). */
interface DotNetList<T> {
  Count?: number;
  getItem?: (index: number) => T;
}

export interface KustoDiagnostic {
  Message: string;
  Start: number;
  Length: number;
  Severity: string;
}

export interface KustoToken {
  Kind: number;
  Text: string;
  /** The token's value: for a string literal, the decoded string. */
  ValueText: string;
  TextStart: number;
}

export interface KustoCode {
  Syntax: { WalkTokens(action: (token: KustoToken) => void): void };
  GetSyntaxDiagnostics(): DotNetList<KustoDiagnostic>;
  GetDiagnostics(): DotNetList<KustoDiagnostic>;
}

interface KustoSymbols {
  TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
  DatabaseSymbol: new (name: string, members: unknown[]) => unknown;
}

export interface KustoLanguage {
  KustoCode: {
    Parse(text: string): KustoCode;
    ParseAndAnalyze(text: string, globals: unknown): KustoCode;
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  Symbols: KustoSymbols;
  Syntax: { SyntaxKind: Record<string, number>; SyntaxFacts: { Keywords: DotNetList<string> } };
}

interface BridgeRuntime {
  getEnumerator<T>(list: DotNetList<T>): { moveNext(): boolean; Current: T };
}

let loaded: { kusto: KustoLanguage; bridge: BridgeRuntime } | undefined;

function load(): { kusto: KustoLanguage; bridge: BridgeRuntime } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next');
    const globals = globalThis as unknown as { Kusto: { Language: KustoLanguage }; Bridge: BridgeRuntime };
    loaded = { kusto: globals.Kusto.Language, bridge: globals.Bridge };
  }
  return loaded;
}

export function kustoLanguage(): KustoLanguage {
  return load().kusto;
}

/** The elements of a .NET list returned by the library. */
export function listItems<T>(list: DotNetList<T>): T[] {
  const items: T[] = [];
  const e = load().bridge.getEnumerator(list);
  while (e.moveNext()) items.push(e.Current);
  return items;
}
