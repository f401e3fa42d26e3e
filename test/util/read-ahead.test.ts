// Rule files are read a few at a time ahead of the parser, yet come out in order, a failed read in its place.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inOrder } from '../../src/util/read-ahead.js';

const dir = mkdtempSync(join(tmpdir(), 'dragnet-read-ahead-'));
const files = Array.from({ length: 40 }, (_, i) => {
  const file = join(dir, `rule-${i}.yml`);
  writeFileSync(file, `title: rule ${i}\n${'x'.repeat(i * 5000)}`);
  return file;
});

type FileText = { file: string; text: string } | { file: string; error: Error };

/** Reads the files' texts with `inOrder`, a failed read as an error. */
function readAhead(paths: AsyncIterable<string>, ahead: number): AsyncGenerator<FileText> {
  return inOrder(paths, ahead, (file) =>
    readFile(file, 'utf8').then(
      (text): FileText => ({ file, text }),
      (error: Error): FileText => ({ file, error }),
    ),
  );
}

/** The paths, counting how many the reader has taken. */
function counted(paths: readonly string[]): { taken: () => number; source: AsyncIterable<string> } {
  let taken = 0;
  return {
    taken: () => taken,
    source: (async function* () {
      for (const path of paths) {
        taken++;
        yield path;
      }
    })(),
  };
}

describe('inOrder', () => {
  it('yields every text in the order of the paths, a failed read as an error in its place', async () => {
    const missing = join(dir, 'missing.yml');
    const paths = [...files.slice(0, 20), missing, ...files.slice(20)].reverse();
    const out = [];
    for await (const read of readAhead(counted(paths).source, 8)) out.push(read);
    expect(out.map((r) => r.file)).toEqual(paths);
    for (const read of out) {
      if (read.file === missing) expect('error' in read && read.error.message).toMatch(/ENOENT/);
      else
        expect(
          'text' in read && read.text.startsWith(`title: rule ${read.file.match(/(\d+)\.yml$/)![1]}`),
        ).toBe(true);
    }
  });

  it('yields the texts of the files listed before a listing error, then throws it', async () => {
    const failing = (async function* () {
      yield* files.slice(0, 10);
      throw new Error('EACCES: permission denied, scandir');
    })();
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const read of readAhead(failing, 16)) out.push(read.file);
      })(),
    ).rejects.toThrow('EACCES');
    expect(out).toEqual(files.slice(0, 10));
  });

  it('has at most `ahead` reads started before the first text is used', async () => {
    const { taken, source } = counted(files);
    const reader = readAhead(source, 5);
    await reader.next();
    expect(taken()).toBe(5);
    await reader.next();
    expect(taken()).toBe(6);
    await reader.return(undefined);
  });
});
