// A full collection on demand frees what nothing refers to, without exposing `gc` to the process's own global.
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/collect-garbage.js';

/** A weak reference to a fresh object that nothing else holds. */
function unreachable(): WeakRef<object> {
  return new WeakRef({ values: Array.from({ length: 10_000 }, (_, i) => `value ${i}`) });
}

describe('collectGarbage', () => {
  it('frees an object nothing refers to, at once', async () => {
    const weak = unreachable();
    // A weak reference keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(weak.deref()).toBeUndefined();
  });

  it('keeps what is still referred to, and leaves the global as it was', async () => {
    const held = { values: [1, 2, 3] };
    const weak = new WeakRef(held);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    collectGarbage();
    expect(weak.deref()).toBe(held);
    expect('gc' in globalThis).toBe(false);
  });
});
