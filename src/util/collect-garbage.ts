// A full garbage collection on demand: V8's `gc`, exposed to a context of its own the first time it is needed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Collects the whole heap of the calling thread now. `--expose-gc` set at run time gives contexts created after it a
 * `gc` function; the process's own global stays as it was.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
