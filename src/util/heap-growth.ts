// Keeps a long hunt's heap near its live size: V8 otherwise lets it grow to about twice that before a full collection.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Growth of the heap allowed between full collections, in percent of the live heap. A compiled rule set makes the
 * live heap large (~110 MB for SigmaHQ), so V8's default factor lets old garbage (values promoted by a scavenge)
 * pile up; before the value memos stopped churning, that reached ~380 MB RSS over a million events. At 30 % a one-thread run holds ~250 MB; the extra full
 * collections cost about 1 % of its run time (measured over 200,000 bench events).
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * Limits heap growth (this process's heap and every worker's; V8 reads the factor at each full collection) when
 * matching leaves a core free for V8's concurrent marking. With every core matching, the extra collections take
 * their time from matching instead (2 threads on 2 cores ran ~12 % slower in interleaved runs, for 30–80 MB less
 * RSS), so they are left to V8's own heuristics.
 */
export function limitHeapGrowth(matchingThreads: number): void {
  if (matchingThreads >= availableParallelism()) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
