// Without --threads a hunt uses one thread per 128 MiB of input, up to the core count.
import { closeSync, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../../src/cli/default-threads.js';

const MIB = 1024 * 1024;

/** A sparse file of the given size (no disk space used). */
function sizedFile(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  writeSync(fd, '\n', bytes - 1);
  closeSync(fd);
  return path;
}

describe('defaultThreads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-threads-'));
  const small = sizedFile(join(dir, 'small.jsonl'), 10 * MIB);
  const medium = sizedFile(join(dir, 'medium.jsonl'), 100 * MIB);
  const large = sizedFile(join(dir, 'large.jsonl'), 200 * MIB);
  const zipped = sizedFile(join(dir, 'logs.jsonl.gz'), 40 * MIB);
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  sizedFile(join(folder, 'a.json'), 80 * MIB);
  sizedFile(join(folder, 'b.ndjson'), 80 * MIB);
  sizedFile(join(folder, 'ignored.txt'), 500 * MIB);

  it('gives small inputs one thread and larger ones one per 128 MiB, up to the cores', async () => {
    expect(await defaultThreads([small], 8)).toBe(1);
    expect(await defaultThreads([medium], 8)).toBe(1);
    expect(await defaultThreads([large], 8)).toBe(2);
    expect(await defaultThreads([large, large, large], 2)).toBe(2);
  });

  it('counts the event files of folders and compressed files by their content', async () => {
    expect(await defaultThreads([folder], 8)).toBe(2);
    expect(await defaultThreads([zipped], 8)).toBe(3);
  });

  it('uses every core when the size is unknown: stdin, or a path that cannot be read', async () => {
    expect(await defaultThreads(['-'], 4)).toBe(4);
    expect(await defaultThreads([join(dir, 'missing.jsonl')], 4)).toBe(4);
  });
});
