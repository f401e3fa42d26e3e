// Buffered stdout/stderr writing that respects back-pressure, and a progress bar shown only on a TTY.
import cliProgress from 'cli-progress';

export class Output {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {}

  write = (text: string): void => {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 1 << 16) this.flushSync();
  };

  private flushSync(): void {
    if (!this.chunks.length) return;
    this.stream.write(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  /** Flushes and waits for the stream to drain when its buffer is full. */
  async flush(): Promise<void> {
    this.flushSync();
    if (this.stream.writableNeedDrain)
      await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }
}

export interface Progress {
  update(events: number, alerts: number): void;
  stop(): void;
}

/** A progress line on stderr (events read, alerts, rate); a no-op when stderr is not a terminal. */
export function progress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'hunting | {value} events | {alerts} alerts | {rate} events/s',
      fps: 5,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(0, 0, { alerts: 0, rate: 0 });
  return {
    update(events, alerts) {
      bar.update(events, {
        alerts,
        rate: Math.round(events / Math.max(0.001, (Date.now() - started) / 1000)),
      });
    },
    stop: () => bar.stop(),
  };
}
