import { benchCustomer } from '../src/importer';
import { mulberry32 } from './prng';
import { operation, serviceHeaders } from './scenarios/reads';
import { percentile } from './stats';

/**
 * Live traffic beside an import (`npm run bench:import -- --live RATE` runs it in a process of its
 * own): createInteraction requests to threadgraph at a fixed rate, each for a random external id
 * CUST-1..CUST-N, the ids of most of the generated history's customers (its B2B customers have
 * ACCT- ids), so that they queue on the same stitching locks as the import's batches. The
 * load is open: a request goes out on schedule whether or not the earlier ones were answered, so a
 * stall shows in the latencies instead of thinning the load. The parent names the phase over IPC
 * (`{phase: 'before'}`, then `{phase: 'during'}`); each answer counts in the phase its request was
 * due in. A latency is counted from the moment its request was due, not from when it went out, so
 * a generator that falls behind (a busy machine) adds its lag to the latencies instead of hiding it.
 * A request unanswered after REQUEST_TIMEOUT_MS counts as an error. `{stop: true}` ends the run:
 * the child waits for the requests in flight and prints one JSON line, the summary of each phase.
 * It exits at once if its parent goes away.
 *
 * `tsx bench/import-live.ts URL TOKEN RATE CUSTOMERS SEED` (with an IPC channel).
 */

const CREATE = operation('create-interaction.graphql');
const CHANNELS = ['VOICE', 'WEB_CHAT', 'EMAIL', 'SMS', 'MESSAGING'] as const;
const REQUEST_TIMEOUT_MS = 60_000;

export interface LivePhase {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  firstError: string | null;
}

interface Tally {
  latencies: number[];
  errors: number;
  startedAt: number;
  endedAt: number;
  firstError: string | null;
}

async function main(url: string, token: string, rate: number, customers: number, seed: number): Promise<void> {
  const rng = mulberry32(seed);
  const phases = new Map<string, Tally>();
  let phase: string | null = null;
  let stopping = false;
  const inFlight = new Set<Promise<void>>();

  const send = (tally: Tally, dueAt: number) => {
    // Customer k as the generator names it (benchCustomer: CUST-k; its B2B customers carry ACCT- ids instead).
    const customer = benchCustomer(rng.int(1, customers)).externalId;
    const type = rng.pick(CHANNELS);
    const body = JSON.stringify({ query: CREATE, variables: { input: { type, externalId: customer } } });
    const request = (async () => {
      let error: string | null = null;
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: serviceHeaders(token),
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        const answer = JSON.parse(text) as { data?: { createInteraction?: unknown }; errors?: unknown };
        if (res.status !== 200 || answer.errors || !answer.data?.createInteraction) error = `${res.status} ${text.slice(0, 300)}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      tally.latencies.push(performance.now() - dueAt);
      if (error !== null) {
        tally.errors++;
        tally.firstError ??= error;
      }
    })();
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  // The schedule: request n of a phase is due at the phase's start + n / rate.
  const intervalMs = 1000 / rate;
  let due = 0;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    const tally = phase === null ? undefined : phases.get(phase);
    if (stopping || !tally) return;
    const now = performance.now();
    while (due <= now) {
      send(tally, due);
      due += intervalMs;
    }
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
  };

  process.on('message', (message: { phase?: string; stop?: boolean }) => {
    if (message.phase) {
      const now = performance.now();
      if (phase !== null) phases.get(phase)!.endedAt = now;
      phase = message.phase;
      phases.set(phase, { latencies: [], errors: 0, startedAt: now, endedAt: now, firstError: null });
      due = now;
      if (timer) clearTimeout(timer);
      tick();
    }
    if (message.stop) {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (phase !== null) phases.get(phase)!.endedAt = performance.now();
      void Promise.all([...inFlight]).then(() => {
        const out: Record<string, LivePhase> = {};
        for (const [name, t] of phases) out[name] = summary(t);
        process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
      });
    }
  });
  process.on('disconnect', () => process.exit(1));
  process.send?.({ ready: true });
}

function summary(t: Tally): LivePhase {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const seconds = (t.endedAt - t.startedAt) / 1000;
  const round = (ms: number) => (Number.isNaN(ms) ? ms : Math.round(ms * 10) / 10);
  return {
    requests: sorted.length,
    errors: t.errors,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: seconds > 0 ? Math.round((sorted.length / seconds) * 10) / 10 : 0,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    firstError: t.firstError,
  };
}

const [url, token, rate, customers, seed] = process.argv.slice(2);
if (!url || !token || !(Number(rate) > 0) || !(Number(customers) > 0) || !process.send) {
  console.error('usage: tsx bench/import-live.ts URL TOKEN RATE CUSTOMERS SEED (forked with an IPC channel)');
  process.exit(2);
}
main(url, token, Number(rate), Number(customers), Number(seed ?? 1)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
