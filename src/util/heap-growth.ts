// Keeps a long hunt's heap near its live size: V8 otherwise lets it grow to about twice that before a full collection.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Growth of the heap allowed between full collections, in percent of the live heap. A compiled rule set makes the
 * live heap large (~110 MB for SigmaHQ), so V8's default factor let old garbage (memo entries, values promoted by a
 * scavenge) pile up to ~380 MB RSS over a million events. At 30 % a one-thread run holds ~250 MB; the extra full
 * collections cost about 1 % of its run time (measured over 200,000 bench events).
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * Limits heap growth (this process's heap and every worker's; V8 reads the factor at each full collection) when
 * matching leaves a core free for V8's concurrent marking. With every core matching, the extra collections take
 * their time from matching instead (2 threads on 2 cores ran 15–40 % slower in interleaved runs), so they are left
 * to V8's own heuristics.
 */
export function limitHeapGrowth(matchingThreads: number): void {
  if (matchingThreads >= availableParallelism()) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
