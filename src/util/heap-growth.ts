// Keeps a long hunt's heap near its live size: V8 otherwise lets it grow to about twice that before a full collection.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Growth of the heap allowed between full collections, in percent of the live heap. A compiled rule set makes the
 * live heap large (~110 MB for SigmaHQ), so V8's default factor lets old garbage (values promoted by a scavenge)
 * pile up; before the value memos stopped churning, that reached ~380 MB RSS over a million events. At 30 % a
 * one-thread run holds ~250 MB; the extra full collections cost about 1 % of its run time (measured over 200,000
 * bench events).
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * With every core matching, the extra collections take their time from matching instead of a free core: at 30 %,
 * 2 threads on 2 cores ran ~12 % slower for 30–80 MB less RSS. At 50 %, two-thread hunts over 300,000 bench events
 * (interleaved runs) peaked at 331–349 MB instead of 366–408 with all SigmaHQ rules, for ~2 % more CPU time and the
 * same wall time, and at 340–360 MB instead of 405–419 with all Elastic rules, for ~4 % more of both.
 */
const ALL_CORES_HEAP_GROWING_PERCENT = 50;

/**
 * Limits heap growth (this process's heap and every worker's; V8 reads the factor at each full collection), less
 * tightly when matching takes every core.
 */
export function limitHeapGrowth(matchingThreads: number): void {
  const percent =
    matchingThreads >= availableParallelism() ? ALL_CORES_HEAP_GROWING_PERCENT : HEAP_GROWING_PERCENT;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
