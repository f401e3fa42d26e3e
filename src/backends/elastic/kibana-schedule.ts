// Kibana rule scheduling: `interval` between runs and `from`, the look-back of each run, as date math.

/** Kibana's defaults for a new rule. */
const DEFAULT_INTERVAL = '5m';
const DEFAULT_FROM = 'now-6m';

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** A duration in the largest date-math unit dividing it, rounded up to whole seconds: 300000 → `5m`. */
export function dateMathDuration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000)) * 1000;
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0)!;
  return `${seconds / size}${unit}`;
}

export interface Schedule {
  interval: string;
  from: string;
}

/**
 * A window-based rule (threshold, correlation) runs once per window and looks back one window; other rules
 * keep the schedule they were loaded with (`extra.interval`/`extra.from`) or Kibana's defaults.
 */
export function schedule(extra: Record<string, unknown>, windowMs: number | undefined): Schedule {
  if (windowMs !== undefined) {
    const window = dateMathDuration(windowMs);
    return { interval: window, from: `now-${window}` };
  }
  return {
    interval: typeof extra.interval === 'string' ? extra.interval : DEFAULT_INTERVAL,
    from: typeof extra.from === 'string' ? extra.from : DEFAULT_FROM,
  };
}
