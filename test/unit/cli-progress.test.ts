import { Writable } from 'node:stream';
import { startProgress } from '../../src/cli/progress';

/** A stream that keeps what was written; `isTTY` says whether it plays a terminal. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { isTTY, columns: 160 },
  );
  return { stream, text: () => chunks.join('') };
}

describe('export progress', () => {
  it('draws a bar with rows, rate and ETA on a terminal', () => {
    const { stream, text } = sink(true);
    const progress = startProgress(stream, 'export interactions', 4000, 'threads');
    progress.update(1000, 2500);
    progress.update(4000, 9800);
    progress.stop();
    // cli-progress redraws in place: the last drawing is the finished bar.
    expect(text()).toMatch(/export interactions \|[█░]+\| 100% \| 4,000\/4,000 threads \| 9,800 rows \| [\d,]+ rows\/s \| ETA 0s/);
  });

  it('prints plain lines without one, at most one per interval and always a last one', () => {
    const { stream, text } = sink(false);
    const progress = startProgress(stream, 'export threads', 3, 'threads', 60_000);
    progress.update(1, 10);
    progress.update(2, 20); // within the interval: not printed
    progress.update(3, 30);
    progress.stop();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^export threads: 1\/3 threads \(33%\), 10 rows, [\d,]+ rows\/s, [\d.]+ s, eta \d+ s$/);
    expect(lines[1]).toMatch(/^export threads: 3\/3 threads \(100%\), 30 rows, [\d,]+ rows\/s, [\d.]+ s, eta 0 s$/);
  });
});
