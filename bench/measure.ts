import { Driver } from 'neo4j-driver';
import { driverLoop } from './driverLoop';
import { LoadGenerator } from './loadgen';
import { loadAverage } from './machine';
import { mulberry32 } from './prng';
import { AnyScenario, BenchRequest } from './scenarios';
import { merge, Sample, summarize } from './stats';

/** One scenario on one dataset, ready to run. */
export interface Cell {
  dataset: string;
  scenario: AnyScenario;
  fixture: unknown;
  /** Seed of the request maker (the same for every scenario of the dataset). */
  seed: number;
  /** One request's latency when sent alone (the pre-run check's median), if it was checked. */
  latencyMs: number | null;
}

export interface Targets {
  loadGenerator: LoadGenerator;
  serviceUrl: string;
  floorUrl: string;
  driver: Driver;
  database: string;
}

export interface Plan {
  warmup: number;
  rounds: number;
  roundSeconds: number;
  connections: number;
}

export interface Measurement {
  /** Each cell's rounds merged, by `dataset|scenario`. */
  samples: Map<string, Sample>;
  /** Each cell's rounds one by one, in the order they ran. */
  rounds: Map<string, Sample[]>;
  /** The load average when each round started, for the record. */
  loadByRound: { phase: string; round: number; load: string }[];
}

/**
 * A timed load (a write scenario's warm-up) stops at its deadline without waiting for the requests in flight,
 * which the server still finishes: wait about as long as the slowest request took (the whole
 * load's length when none came back), so that work does not fall on the next cell.
 */
async function settle(sample: Sample, seconds: number): Promise<void> {
  const slowest = sample.all.latenciesMs.reduce((a, b) => Math.max(a, b), 0);
  const wait = Math.max(200, slowest, sample.all.latenciesMs.length === 0 ? seconds * 1000 : 0);
  await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, wait)));
}

export const cellKey = (c: { dataset: string; scenario: { name: string } }) => `${c.dataset}|${c.scenario.name}`;

/**
 * Runs every cell: reads first, then writes (so reads measure the data as loaded). Each phase
 * warms every cell up, then runs `rounds` rounds; a round runs each cell once, scenario beside
 * floor, every other round in reverse order, so a change in the machine's load, a JIT still
 * warming or a cache filling falls on every cell rather than on one.
 */
export async function measure(cells: readonly Cell[], targets: Targets, plan: Plan, log: (line: string) => void): Promise<Measurement> {
  const driverMakers = new Map<string, () => BenchRequest>();
  /**
   * Each HTTP cell's throughput the last time it ran, in requests per second; before its first
   * run, one over its latency alone (on 2 cores, concurrency rarely does worse than that).
   */
  const rates = new Map<string, number>(cells.flatMap((c) => (c.latencyMs ? [[cellKey(c), 1000 / c.latencyMs] as const] : [])));

  /**
   * A run sends as many requests as the cell answers in `seconds` at its last known rate (the
   * same number on each connection, at least one) and waits for every answer: no request is
   * dropped at a deadline, so slow requests count as much as fast ones, and none is still running
   * on the server when the next cell starts. A cell with no known rate yet (a write scenario's
   * warm-up) runs for `seconds` instead.
   */
  const run = async (cell: Cell, seconds: number): Promise<Sample> => {
    const key = cellKey(cell);
    const connections = cell.scenario.connections ?? plan.connections;
    if (cell.scenario.target === 'driver') {
      // The closed loop waits for its workers' last requests: nothing is dropped there.
      const next = driverMakers.get(key) ?? cell.scenario.requests(cell.fixture, mulberry32(cell.seed));
      driverMakers.set(key, next);
      return driverLoop(targets.driver, targets.database, next, { connections, seconds });
    }
    const rate = rates.get(key);
    const stop = rate === undefined ? { seconds } : { requests: connections * Math.max(1, Math.round((rate * seconds) / connections)) };
    const sample = await targets.loadGenerator.run({
      scenario: cell.scenario.name,
      fixture: cell.fixture,
      seed: cell.seed,
      key,
      baseUrl: cell.scenario.target === 'service' ? targets.serviceUrl : targets.floorUrl,
      connections,
      stop,
    });
    if ('seconds' in stop) await settle(sample, seconds);
    rates.set(key, sample.seconds > 0 ? sample.all.latenciesMs.length / sample.seconds : 0);
    return sample;
  };

  const rounds = new Map<string, Sample[]>();
  const loadByRound: Measurement['loadByRound'] = [];
  const phases = [
    { phase: 'reads', cells: cells.filter((c) => !c.scenario.writes) },
    { phase: 'writes', cells: cells.filter((c) => c.scenario.writes) },
  ].filter((p) => p.cells.length > 0);

  for (const { phase, cells: phaseCells } of phases) {
    if (plan.warmup > 0) {
      log(`${phase}: warm-up, ${plan.warmup} s per scenario and dataset`);
      for (const cell of phaseCells) {
        const s = await run(cell, plan.warmup);
        if (s.all.errors > 0) log(`  warm-up ${cellKey(cell)}: ${s.all.errors} errors, first: ${s.firstError}`);
      }
    }
    for (let r = 0; r < plan.rounds; r++) {
      const load = loadAverage();
      loadByRound.push({ phase, round: r + 1, load });
      log(`${phase}: round ${r + 1}/${plan.rounds}, about ${plan.roundSeconds} s per scenario and dataset (load average ${load})`);
      const order = r % 2 === 0 ? phaseCells : [...phaseCells].reverse();
      for (const cell of order) {
        const s = await run(cell, plan.roundSeconds);
        rounds.set(cellKey(cell), [...(rounds.get(cellKey(cell)) ?? []), s]);
        const summary = summarize(s.all, s.seconds);
        log(
          `  [${cell.dataset}] ${cell.scenario.name}: ${summary.perSecond.toFixed(0)} req/s, p50 ${summary.p50.toFixed(2)} ms` +
            (s.all.errors > 0 ? `, ${s.all.errors} errors, first: ${s.firstError}` : ''),
        );
      }
    }
  }
  return { samples: new Map([...rounds].map(([k, v]) => [k, merge(v)])), rounds, loadByRound };
}
