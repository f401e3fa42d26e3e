// Recursive, sorted walk of files and folders given on the command line, filtered by file extension.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Yields the files under each path (a file is yielded as is when it has a wanted extension or was named directly). */
export async function* walkFiles(
  paths: readonly string[],
  extensions: readonly string[],
): AsyncGenerator<string> {
  const wanted = (name: string) => extensions.some((ext) => name.toLowerCase().endsWith(ext));
  for (const path of paths) {
    if (path === '-') {
      yield path;
      continue;
    }
    const info = await stat(path);
    if (info.isFile()) {
      yield path;
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) yield* walkFiles([child], extensions);
      else if (entry.isFile() && wanted(entry.name)) yield child;
    }
  }
}
