import cliProgress from 'cli-progress';

/** A progress display for one long phase (data preparation, training). */
export interface Progress {
  update(done: number, fields?: Record<string, string>): void;
  /** Prints a line above the bar (the bar is redrawn below it). */
  log(line: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise (CI, pipes) one plain line per 10%,
 * so logs stay readable. `enabled: false` shows nothing.
 */
export function createProgress(title: string, total: number, options: { enabled: boolean; format?: string }): Progress {
  if (!options.enabled) return { update() {}, log: (line) => process.stderr.write(`${line}\n`), stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title.padEnd(9)} {bar} {percentage}% | {value}/{total} ${options.format ?? ''} | {duration_formatted} eta {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, {});
    return {
      update: (done, fields) => bar.update(done, fields ?? {}),
      log(line) {
        process.stderr.write(`\r\x1b[2K${line}\n`); // clear the bar's line; it redraws on the next update
        bar.render();
      },
      stop: () => bar.stop(),
    };
  }
  let nextTenth = 1;
  return {
    update(done, fields) {
      if (done < (total * nextTenth) / 10 && done !== total) return;
      while (done >= (total * nextTenth) / 10) nextTenth++;
      const extra = fields ? Object.entries(fields).map(([key, value]) => `${key} ${value}`).join(' ') : '';
      process.stderr.write(`${title} ${Math.floor((100 * done) / total)}% (${done}/${total}) ${extra}\n`);
    },
    log: (line) => process.stderr.write(`${line}\n`),
    stop() {},
  };
}
