/**
 * Progress of long steps (the search, scoring a million rows): a redrawn bar when the output is a terminal,
 * plain lines at every tenth otherwise (logs and CI stay readable). Silent when disabled.
 */

/** Where progress goes and how. */
export interface ProgressOptions {
  /** The stream to write to (default process.stdout). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Force the bar (true) or plain lines (false); default: bar when the stream is a TTY. */
  tty?: boolean;
  /** Write nothing (tests, library use). */
  silent?: boolean;
}

/** A progress reporter for one step; `update(done)` as work finishes, `done()` at the end. */
export interface Progress {
  update(done: number, total?: number): void;
  done(message?: string): void;
}

const SILENT: Progress = { update() {}, done() {} };

/**
 * A reporter for a step named `label` with `total` units of work (0 when unknown: counts are shown).
 * @example const p = startProgress('search', 250); p.update(10); ...; p.done()
 */
export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  if (options.silent) return SILENT;
  const stream = options.stream ?? process.stdout;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  let currentTotal = total;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  return {
    update(done: number, newTotal?: number) {
      if (newTotal !== undefined) currentTotal = newTotal;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done !== currentTotal) return;
        lastDraw = now;
        const width = 30;
        if (currentTotal > 0) {
          const share = Math.min(1, done / currentTotal);
          const filled = Math.round(share * width);
          stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${currentTotal} ${elapsed()}  `);
        } else {
          stream.write(`\r${label}: ${done.toLocaleString('en-US')} ${elapsed()}  `);
        }
        return;
      }
      if (currentTotal > 0) {
        const tenth = Math.floor((10 * done) / currentTotal);
        if (tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          if (tenth > 0) stream.write(`${label}: ${done}/${currentTotal} (${tenth * 10}%)\n`);
        }
      }
    },
    done(message?: string) {
      const text = `${label}: ${message ?? 'done'} (${elapsed()})`;
      stream.write(tty ? `\r${text}${' '.repeat(20)}\n` : `${text}\n`);
    },
  };
}
