import { SingleBar } from 'cli-progress';
import { ImportProgress, ImportSummary } from '../importer';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

/** What each phase shows: how far, of what, and at what rate. */
function figures(p: ImportProgress) {
  const seconds = p.elapsedMs / 1000;
  if (p.phase === 'reading') {
    const rate = p.read / Math.max(0.001, seconds);
    const eta = p.bytesRead > 0 ? (seconds * (p.bytesTotal - p.bytesRead)) / p.bytesRead : Infinity;
    return { value: p.bytesRead, total: Math.max(1, p.bytesTotal), rate, eta };
  }
  const rate = p.processed / Math.max(0.001, seconds);
  return { value: p.processed, total: Math.max(1, p.total), rate, eta: rate > 0 ? (p.total - p.processed) / rate : Infinity };
}

/**
 * The import's progress on stderr: on a terminal, a bar per phase (reading and sorting, by bytes;
 * importing, by records) with records read, written, refused, the rate and the ETA; otherwise a plain
 * line at most every `everyMs` and at each phase's end, so a log stays readable.
 */
export function importProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, everyMs = 5000) {
  let phase: ImportProgress['phase'] | null = null;
  let bar: SingleBar | null = null;
  let phaseStarted = 0;
  let last = 0;
  let latest: ImportProgress | null = null;
  const payload = (p: ImportProgress, rate: number, eta: number) => ({
    read: fmt(p.read),
    written: fmt(p.written + p.alreadyIn),
    refused: fmt(p.refused),
    rate: fmt(rate),
    etaText: duration(eta),
  });
  const line = (p: ImportProgress) => {
    const f = figures({ ...p, elapsedMs: p.elapsedMs - phaseStarted });
    const percent = Math.min(100, Math.floor((100 * f.value) / f.total));
    stream.write(
      p.phase === 'reading'
        ? `import: reading ${percent}%, ${fmt(p.read)} records read, ${fmt(p.refused)} refused, ${fmt(f.rate)} records/s, eta ${duration(f.eta)}\n`
        : `import: ${fmt(p.processed)}/${fmt(p.total)} records (${percent}%), ${fmt(p.written)} written, ${fmt(p.alreadyIn)} already in, ` +
            `${fmt(p.refused)} refused, ${fmt(f.rate)} records/s, eta ${duration(f.eta)}\n`,
    );
  };
  const finish = () => {
    if (bar) bar.stop();
    else if (latest && phase) line(latest);
    bar = null;
    latest = null; // said once: a second stop (the command's finally) prints nothing more
  };
  return {
    update(p: ImportProgress): void {
      if (p.phase !== phase) {
        finish();
        if (p.phase === 'done') return;
        phase = p.phase;
        phaseStarted = p.elapsedMs;
        if (stream.isTTY) {
          bar = new SingleBar({
            stream,
            format:
              p.phase === 'reading'
                ? 'reading   |{bar}| {percentage}% | {read} read | {refused} refused | {rate}/s | ETA {etaText}'
                : 'importing |{bar}| {percentage}% | {read} read | {written} written | {refused} refused | {rate}/s | ETA {etaText}',
            barCompleteChar: '\u2588',
            barIncompleteChar: '\u2591',
            hideCursor: true,
          });
          const f = figures({ ...p, elapsedMs: 0 });
          bar.start(f.total, f.value, payload(p, 0, Infinity));
        }
      }
      latest = p;
      const f = figures({ ...p, elapsedMs: p.elapsedMs - phaseStarted });
      if (bar) {
        bar.setTotal(f.total);
        bar.update(f.value, payload(p, f.rate, f.eta));
      } else if (Date.now() - last >= everyMs) {
        last = Date.now();
        line(p);
      }
    },
    stop: finish,
  };
}

/** The summary, for people (stderr): what was created and how it was stitched, what was refused. */
export function summaryLines(s: ImportSummary): string[] {
  const list = (counts: Partial<Record<string, number>>) =>
    Object.entries(counts)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([k, v]) => `${k} ${fmt(v ?? 0)}`)
      .join(', ') || 'none';
  const refused = Object.values(s.refused).reduce<number>((n, v) => n + (v ?? 0), 0);
  return [
    `import ${s.dryRun ? '(dry run) ' : ''}into tenant "${s.tenant}"${s.interrupted ? ': INTERRUPTED, run the same command again to continue' : ''}`,
    `  records ${fmt(s.records)} in ${s.seconds.toFixed(1)} s (${fmt(s.perSecond)}/s), peak memory ${s.peakRssMiB} MiB`,
    `  created ${fmt(s.created)} interactions in ${fmt(s.threads)} new threads; already in ${fmt(s.alreadyIn)}; ended ${fmt(s.ended)}`,
    `  stitched: ${list(s.stitched)}`,
    `  warnings: ${list(s.warnings)}`,
    `  refused ${fmt(refused)}: ${list(s.refused)}`,
    ...s.rejects.map((r) => `  rejects of ${r.file}: ${r.path} (${fmt(r.count)})`),
  ];
}
