// Choosing among alternative requirements: the one least likely to be met by chance.

/**
 * Each need is a list of alternatives one of which must be present. Prefers the need whose shortest alternative
 * is longest (long literals are rare), then the one with fewer alternatives; null when there is none.
 */
export function mostSelective<T>(needs: readonly T[][], size: (item: T) => number): T[] | null {
  let best: T[] | null = null;
  let bestShortest = -1;
  for (const need of needs) {
    let shortest = Number.POSITIVE_INFINITY;
    for (const item of need) shortest = Math.min(shortest, size(item));
    if (
      best === null ||
      shortest > bestShortest ||
      (shortest === bestShortest && need.length < best.length)
    ) {
      best = need;
      bestShortest = shortest;
    }
  }
  return best;
}
