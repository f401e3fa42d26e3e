// Safe multi-document YAML reading with line numbers: alias bombs refused, each document's errors reported.
import { type Document, isMap, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

export interface YamlDocument {
  index: number;
  /** Plain JS value of the document (null for an empty document). */
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  /** 1-based line of the node at a key path, or the document line when not found. */
  lineOf(path: readonly (string | number)[]): number;
  /** Errors that made the document unreadable, with line numbers. */
  errors: { line: number; message: string }[];
}

/** Alias expansions allowed per document: enough for real rules, far below a billion-laughs payload. */
const MAX_ALIAS_COUNT = 100;

export function readYamlDocuments(text: string): YamlDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  return list.map((doc, index) => {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const errors = doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split('\n')[0]! }));
    let value: unknown = null;
    if (!errors.length) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        errors.push({ line: lineAt(start), message: (error as Error).message });
      }
    }
    return {
      index,
      value,
      line: lineAt(start),
      errors,
      lineOf(path) {
        let node: unknown = doc.contents;
        let line = lineAt(start);
        for (const key of path) {
          if (isMap(node))
            node = node.items.find(
              (pair) => (pair.key as (Node & { value?: unknown }) | null)?.value === key,
            )?.value;
          else if (isSeq(node) && typeof key === 'number') node = node.items[key];
          else break;
          const range = (node as Node | undefined)?.range;
          if (!range) break;
          line = lineAt(range[0]);
        }
        return line;
      },
    };
  });
}
