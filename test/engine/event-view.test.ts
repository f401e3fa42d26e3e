// Field access on hostile and oddly shaped events: prototype keys, flat dotted keys, #text, arrays.
import { describe, expect, it } from 'vitest';
import { EventView } from '../../src/engine/event-view.js';
import { sigmaMatches } from '../helpers/sigma.js';

describe('EventView', () => {
  it('never reads object prototypes', () => {
    const event = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {}}');
    const view = new EventView(event);
    expect(view.values('polluted')).toEqual([]);
    expect(view.values('a.toString')).toEqual([]);
    expect(view.values('constructor')).toEqual([]);
    expect(view.values('__proto__.polluted')).toEqual(['yes']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sigmaMatches('s: {constructor|exists: true}\ncondition: s', {})).toBe(false);
  });
  it('reads #text beside attributes, flat dotted keys and arrays of objects', () => {
    const view = new EventView({
      EventID: { '#attributes': { Qualifiers: 0 }, '#text': 4688 },
      'a.b': 1,
      a: { c: [{ d: 1 }, { d: 2 }] },
    });
    expect(view.values('EventID')).toEqual([4688]);
    expect(view.values('a.b')).toEqual([1]);
    expect(view.values('a.c.d')).toEqual([1, 2]);
    expect(view.values('a.*.d')).toEqual([1, 2]);
  });
  it('keeps the values of views read in turn apart (the cache is per path and view)', () => {
    const outer = new EventView({ Image: 'a.exe', items: [{ Image: 'b.exe' }, { Image: 'c.exe' }] });
    const seen: unknown[] = [];
    for (const item of outer.values('items')) {
      seen.push(outer.values('Image')[0], new EventView(item as Record<string, unknown>).values('Image')[0]);
    }
    expect(seen).toEqual(['a.exe', 'b.exe', 'a.exe', 'c.exe']);
    expect(outer.values('Image')).toEqual(['a.exe']);
  });
});
