import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { mulberry32 } from '../prng';
import { BenchRequest, defaultOk, scenarioNamed } from '../scenarios';
import { emptyMeasured, Measured, record, Sample } from '../stats';
import { FromLoadGenerator, LoadJob, ToLoadGenerator } from './protocol';

/**
 * The load-generator process (forked by bench/loadgen/index.ts): runs autocannon for each job the
 * orchestrator sends, with bodies from the scenario's own request maker, and answers with every
 * response's latency. It shares no process with the servers it measures.
 */

const makers = new Map<string, () => BenchRequest>();

function send(message: FromLoadGenerator): void {
  process.send!(message);
}

/** The per-request state autocannon keeps for us between building a request and reading its answer. */
interface RequestContext {
  request?: BenchRequest;
}

async function runJob(job: LoadJob): Promise<Sample> {
  const target = new URL(job.baseUrl);
  if (target.hostname !== '127.0.0.1') throw new Error(`the benchmark only sends requests to 127.0.0.1, not ${target.hostname}`);
  const scenario = scenarioNamed(job.scenario);
  const next = makers.get(job.key) ?? scenario.requests(job.fixture, mulberry32(job.seed));
  makers.set(job.key, next);
  const ok = scenario.ok ?? defaultOk;
  const all = emptyMeasured();
  const tags: Record<string, Measured> = {};
  let firstError: string | null = null;
  // onResponse and the 'response' event fire one right after the other for the same client, with
  // nothing in between: onResponse judges the body, the event brings the latency and the bytes.
  let judged: { ok: boolean; tag: string | undefined } = { ok: true, tag: undefined };

  // Seconds from the start to the last response: autocannon's own duration rounds up to its 1 s ticks.
  const started = performance.now();
  let lastResponse = started;
  const until = 'requests' in job.stop ? { amount: job.stop.requests } : { duration: job.stop.seconds };

  return await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.baseUrl,
        connections: job.connections,
        ...until,
        timeout: 30,
        requests: [
          {
            setupRequest: (request, context) => {
              const r = next();
              (context as RequestContext).request = r;
              return { ...request, method: r.method ?? 'POST', path: r.path, headers: { ...r.headers }, body: r.body ?? '' };
            },
            onResponse: (status, body, context) => {
              const request = (context as RequestContext).request;
              judged = { ok: ok(status, body), tag: request?.tag };
              request?.onAnswer?.(status, body);
              if (!judged.ok && firstError === null) firstError = `HTTP ${status}: ${body.slice(0, 300)}`;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        all.errors += result.errors;
        if (result.errors > 0 && firstError === null) firstError = `${result.errors} connection errors or timeouts`;
        const seconds = all.latenciesMs.length > 0 ? (lastResponse - started) / 1000 : result.duration;
        resolve({ seconds, all, tags, firstError });
      },
    );
    instance.on('response', (_client, _status, bytes, latencyMs) => {
      lastResponse = performance.now();
      record(all, latencyMs, judged.ok, bytes);
      if (judged.tag !== undefined) record((tags[judged.tag] ??= emptyMeasured()), latencyMs, judged.ok, bytes);
    });
  });
}

process.on('message', (message: ToLoadGenerator) => {
  if (message.type === 'exit') {
    process.disconnect();
    return;
  }
  runJob(message.job).then(
    (sample) => send({ type: 'done', id: message.id, sample }),
    (error: unknown) => send({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
send({ type: 'ready' });
