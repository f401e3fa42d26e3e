// Prints load errors, warnings and rejected events as `file:line: message` lines on stderr.
import type { LoadError } from '../ir/rule.js';

export function formatLocated(item: LoadError): string {
  return `${item.file}${item.line ? `:${item.line}` : ''}: ${item.message}`;
}

export function printLocated(kind: string, items: readonly LoadError[], limit = 50): void {
  for (const item of items.slice(0, limit)) process.stderr.write(`${kind}: ${formatLocated(item)}\n`);
  if (items.length > limit) process.stderr.write(`${kind}: … and ${items.length - limit} more\n`);
}
