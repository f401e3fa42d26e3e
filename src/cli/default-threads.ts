// How many threads a hunt matches on when --threads is not given: one per 128 MiB of input, up to the core count.

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { EVENT_EXTENSIONS } from '../io/read-events.js';
import { walkFiles } from '../util/walk.js';

/**
 * Input per extra thread. A worker starts, reads the rules and maps them before its first match (~1 s with all of
 * SigmaHQ), slowing the main thread's compile meanwhile, which a second thread wins back only after about 100 MB of
 * bench events on the benchmark machine (all SigmaHQ rules, 100 MB: 5.9–6.9 s on one thread, 5.8–7.5 s on two;
 * 300 MB: ~9–10.5 s and ~7.5–8 s when the machine was quiet); with few rules the start-up is short, but so is the
 * whole hunt.
 */
const BYTES_PER_THREAD = 128 * 1024 * 1024;
/** Compressed files count this many times their size (JSON logs compress about this well). */
const GZIP_RATIO = 8;

/** Threads for a hunt over the event paths: unknown sizes (stdin, unreadable paths) count as large. */
export async function defaultThreads(
  eventPaths: readonly string[],
  cores: number = availableParallelism(),
): Promise<number> {
  let bytes = 0;
  try {
    for await (const file of walkFiles(eventPaths, EVENT_EXTENSIONS)) {
      if (file === '-') return cores;
      const { size } = await stat(file);
      bytes += file.toLowerCase().endsWith('.gz') ? size * GZIP_RATIO : size;
      if (bytes >= cores * BYTES_PER_THREAD) return cores;
    }
  } catch {
    return cores; // the hunt reports the path; the thread count does not matter then
  }
  return Math.max(1, Math.min(cores, Math.ceil(bytes / BYTES_PER_THREAD)));
}
