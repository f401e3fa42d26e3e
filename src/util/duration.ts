// Durations written as `90m`, `1h`, `5d` (Sigma timespan, Elastic `from`/`history_window_start`, EQL maxspan).

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of a duration like `10m`; also accepts Elastic date math `now-5d`. Throws on anything else. */
export function parseDuration(text: string): number {
  const m = /^\s*(?:now-)?(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(text);
  if (!m) throw new Error(`'${text}' is not a duration (expected a number and one of ms, s, m, h, d, w)`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
