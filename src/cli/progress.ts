import { SingleBar } from 'cli-progress';

/** Progress of a long command on stderr: a bar with rate and ETA on a terminal, plain lines otherwise. */
export interface Progress {
  update(done: number, rows: number): void;
  stop(): void;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * `total` is in `unit`s (threads); the rate shown is rows (what lands in the file) per second.
 * Without a terminal, a line at most every `everyMs` (and one at the end), so a log stays readable.
 */
export function startProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  total: number,
  unit: string,
  everyMs = 2000,
): Progress {
  const started = Date.now();
  const rate = (rows: number) => rows / Math.max(0.001, (Date.now() - started) / 1000);
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} |{bar}| {percentage}% | {value}/{total} ${unit} | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
      formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? fmt(Number(v)) : String(v)),
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      etaBuffer: 20,
    });
    bar.start(total, 0, { rows: '0', rate: '0' });
    return {
      update: (done, rows) => bar.update(done, { rows: fmt(rows), rate: fmt(rate(rows)) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest = { done: 0, rows: 0 };
  let printed: { done: number; rows: number } | null = null;
  const line = () => {
    printed = latest;
    const seconds = (Date.now() - started) / 1000;
    const perUnit = latest.done > 0 ? seconds / latest.done : 0;
    const eta = Math.max(0, (total - latest.done) * perUnit);
    const percent = total > 0 ? Math.floor((100 * latest.done) / total) : 100;
    stream.write(
      `${label}: ${fmt(latest.done)}/${fmt(total)} ${unit} (${percent}%), ${fmt(latest.rows)} rows, ${fmt(rate(latest.rows))} rows/s, ` +
        `${seconds.toFixed(1)} s, eta ${eta.toFixed(0)} s\n`,
    );
  };
  return {
    update: (done, rows) => {
      latest = { done, rows };
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        line();
      }
    },
    stop: () => {
      if (printed !== latest) line();
    },
  };
}
