// Comparison bounds of IR matchers as numbers, read the way dragnet's engine reads them.
import { UnsupportedConstruct } from './target.js';

export function numberBound(value: number | string): number {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isNaN(n)) throw new UnsupportedConstruct('comparison', `'${value}' is not a number`);
  return n;
}

/** An epoch time in ms from a number or an ISO date; a space may separate date and time, no zone means UTC. */
export function dateBound(value: number | string): number {
  if (typeof value === 'number') return value;
  let text = value.trim();
  if (text.includes(' ') && !text.includes('T')) text = text.replace(' ', 'T');
  if (/T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text)) text += 'Z';
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UnsupportedConstruct('comparison', `'${value}' is not a date`);
  return t;
}
