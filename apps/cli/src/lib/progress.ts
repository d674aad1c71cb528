import cliProgress from 'cli-progress';

/** A progress display for long work; silent when stderr is not a terminal (pipes, CI, files). */
export interface Progress {
  /** Moves the bar to `done` of the total. */
  update(done: number): void;
  /** Adds `step` (default 1) to the done count. */
  increment(step?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  /** What is being counted, e.g. `posts`, `transfers`, `replicates`. */
  label: string;
  stream?: NodeJS.WriteStream;
  /** Show the bar only when the work is at least this big. */
  minTotal?: number;
}

/**
 * A progress bar on stderr, drawn only when stderr is a TTY and the work is big enough to need one.
 *
 * @example
 * const progress = createProgress({ total: rows.length, label: 'transfers' });
 * for (const row of rows) { load(row); progress.increment(); }
 * progress.stop();
 */
export function createProgress({
  total,
  label,
  stream = process.stderr,
  minTotal = 0,
}: ProgressOptions): Progress {
  if (!stream.isTTY || total < minTotal) {
    return { update() {}, increment() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `{bar} {percentage}% | {value}/{total} ${label} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    increment: (step = 1) => bar.increment(step),
    stop: () => bar.stop(),
  };
}
