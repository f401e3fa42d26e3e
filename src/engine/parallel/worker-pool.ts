// A fixed set of matching workers; each job goes to the least busy one and its reply resolves a promise.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../util/package-root.js';
import type { JobRequest, WorkerReply, WorkerSetup } from './protocol.js';

type Pending = {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  /** Settles with the job. */
  done: Promise<WorkerReply>;
};

/**
 * Young generation of each worker. V8's default (48 MB) is reached during the rule set compile and kept: with two
 * workers and the main thread that was ~60 MB of a SigmaHQ hunt's peak RSS; 16 MB ran as fast (interleaved runs
 * over 300k bench events, 7.2–7.3 s either way). With the calling thread computing the first schemas' plans, 8 MB
 * ran as fast and peaked 7–13 MB lower (two threads, interleaved: all SigmaHQ rules over 300,000 events 7.8–9.0 s
 * against 8.4–9.1 s; all Elastic rules, 5 pairs, 7.4–8.5 s against 7.5–8.5 s).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** The compiled worker script; from the TypeScript sources (tests) the build in dist/ is used. */
function workerScript(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist/src/engine/parallel/worker.js');
  if (!existsSync(built))
    throw new Error(`parallel matching needs the compiled worker (${built}): run npm run build`);
  return built;
}

class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  failure: Error | undefined;

  constructor(script: string, setup: WorkerSetup) {
    this.worker = new Worker(script, {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.worker.on('message', (reply: WorkerReply) => {
      const id = 'result' in reply ? reply.result.id : 'finished' in reply ? reply.finished.id : undefined;
      if (id === undefined)
        return this.fail(new Error(`matching worker failed: ${'error' in reply ? reply.error : ''}`));
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      waiting?.resolve(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.pending.size) this.fail(new Error(`matching worker exited (code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }

  /** Settles once the worker has answered every job sent (or failed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((waiting) => waiting.done));
  }
}

export class WorkerPool {
  private readonly workers: PoolWorker[];
  private nextId = 0;

  constructor(size: number, setup: WorkerSetup) {
    const script = workerScript();
    this.workers = Array.from({ length: size }, () => new PoolWorker(script, setup));
  }

  /** Sends a job to the least busy worker. */
  run(job: JobRequest): Promise<WorkerReply> {
    return this.send(
      this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)),
      job,
    );
  }

  /** Jobs sent and not answered yet, over all workers. */
  pending(): number {
    return this.workers.reduce((sum, w) => sum + w.pending.size, 0);
  }

  /** Sends the same job to every worker. */
  broadcast(job: JobRequest): Promise<WorkerReply[]> {
    return Promise.all(this.workers.map((w) => this.send(w, job)));
  }

  private send(target: PoolWorker, job: JobRequest): Promise<WorkerReply> {
    if (target.failure) return Promise.reject(target.failure);
    const id = this.nextId++;
    let settle: Pick<Pending, 'resolve' | 'reject'> | undefined;
    const done = new Promise<WorkerReply>((resolve, reject) => {
      settle = { resolve, reject };
    });
    target.pending.set(id, { ...settle!, done });
    target.worker.postMessage({ ...job, id });
    return done;
  }

  /**
   * Ends the workers once their jobs are answered: a worker ended in the middle of one could be inside native
   * screening, which cannot stop there (the process would abort).
   */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.idle()));
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
