// Time spans in the largest unit that divides them (`5m`, `36h`, `1500ms`), a notation Kusto and SPL share.
import { UnsupportedConstruct } from './target.js';

const UNITS: [suffix: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

export function timeSpan(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new UnsupportedConstruct('time span', `${ms} ms is not a positive whole number of milliseconds`);
  const [suffix, size] = UNITS.find(([, size]) => ms % size === 0)!;
  return `${ms / size}${suffix}`;
}
