// Choosing among alternative requirements: the one least likely to be met by chance.

/** Rough chance that a literal of this length occurs in a value by accident: short literals are common. */
export function lengthCost(length: number): number {
  return Math.min(1, 2 / 3 ** length);
}

/**
 * Each need is a list of alternatives one of which must be present. Returns the need with the lowest summed cost
 * (the fewest alternatives on ties); an empty need (never met) always wins; null when there is no need.
 */
export function cheapest<T>(needs: readonly T[][], cost: (item: T) => number): T[] | null {
  let best: T[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const need of needs) {
    let total = 0;
    for (const item of need) total += cost(item);
    if (best === null || total < bestCost || (total === bestCost && need.length < best.length)) {
      best = need;
      bestCost = total;
    }
  }
  return best;
}
