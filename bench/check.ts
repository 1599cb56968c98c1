import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { mulberry32 } from './prng';
import { AnyScenario, defaultOk } from './scenarios';

/** How many of each scenario's first requests the pre-run check sends. */
const CHECKED_REQUESTS = 5;

export interface CheckTarget {
  scenario: AnyScenario;
  fixture: unknown;
  baseUrl: string;
}

/**
 * Before anything is timed: sends each read scenario's first requests once (from a request maker
 * of its own, seeded as the load generator's will be), fails the run on any answer that is not a
 * success, and fails it when a scenario and its floor answer the same request differently (by
 * their digests), so a floor can never be fast by doing less. Writes are not sent: each would be
 * spent. Returns a line per comparison made, and each scenario's median latency over its requests
 * (one at a time): the first estimate of how many requests fill a warm-up.
 */
export async function checkAnswers(
  targets: readonly CheckTarget[],
  seed: number,
): Promise<{ lines: string[]; latencyMs: Map<string, number> }> {
  const digests = new Map<string, unknown[]>();
  const latencyMs = new Map<string, number>();
  for (const { scenario, fixture, baseUrl } of targets) {
    if (scenario.writes) continue;
    const next = scenario.requests(fixture, mulberry32(seed));
    const ok = scenario.ok ?? defaultOk;
    const seen: unknown[] = [];
    const times: number[] = [];
    for (let k = 0; k < CHECKED_REQUESTS; k++) {
      const r = next();
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}${r.path}`, { method: r.method ?? 'POST', headers: r.headers, body: r.body });
      const body = await res.text();
      times.push(performance.now() - t0);
      if (!ok(res.status, body))
        throw new Error(`${scenario.name}: request ${k + 1} failed before timing (HTTP ${res.status}): ${body.slice(0, 500)}`);
      if (scenario.digest) seen.push(scenario.digest(body));
    }
    digests.set(scenario.name, seen);
    latencyMs.set(scenario.name, times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
  }
  const lines: string[] = [];
  for (const { scenario } of targets) {
    const mine = digests.get(scenario.name);
    const floor = scenario.floor ? digests.get(scenario.floor) : undefined;
    if (!scenario.digest || !mine || !floor || floor.length === 0) continue;
    mine.forEach((d, k) => {
      if (!isDeepStrictEqual(d, floor[k])) {
        throw new Error(
          `${scenario.name} and ${scenario.floor} answer request ${k + 1} differently:\n${JSON.stringify(d)}\n${JSON.stringify(floor[k])}`,
        );
      }
    });
    lines.push(`${scenario.name} answers its first ${mine.length} requests as ${scenario.floor} does`);
  }
  return { lines, latencyMs };
}
