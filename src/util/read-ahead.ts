// Works on a few files at a time ahead of their consumer, in order: parsing one file overlaps reading the next.

/**
 * `work`'s results for the files in the order given, with up to `ahead` of them in flight (`work` reports its own
 * failures in its result); if listing the files fails, the results of those listed come first, then the error.
 * Loading a rule corpus one file at a time left the thread waiting on the disk a quarter to a third of the time.
 */
export async function* inOrder<T>(
  files: AsyncIterable<string>,
  ahead: number,
  work: (file: string) => Promise<T>,
): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let listing: { failed: false } | { failed: true; error: unknown } = { failed: false };
  try {
    for await (const file of files) {
      pending.push(work(file));
      if (pending.length >= ahead) yield await pending.shift()!;
    }
  } catch (error) {
    listing = { failed: true, error };
  }
  while (pending.length) yield await pending.shift()!;
  if (listing.failed) throw listing.error;
}
