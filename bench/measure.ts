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
  /** The load average when each round started, for the record. */
  loadByRound: { phase: string; round: number; load: string }[];
}

/**
 * autocannon stops at its deadline without waiting for the requests in flight, which the server
 * still finishes: wait about as long as the slowest request took, so that work does not fall on
 * the next cell's measurement.
 */
async function settle(sample: Sample): Promise<void> {
  const slowest = sample.all.latenciesMs.reduce((a, b) => Math.max(a, b), 0);
  await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, Math.max(200, slowest))));
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
  const run = (cell: Cell, seconds: number): Promise<Sample> => {
    const connections = cell.scenario.connections ?? plan.connections;
    if (cell.scenario.target === 'driver') {
      const key = cellKey(cell);
      const next = driverMakers.get(key) ?? cell.scenario.requests(cell.fixture, mulberry32(cell.seed));
      driverMakers.set(key, next);
      return driverLoop(targets.driver, targets.database, next, { connections, seconds });
    }
    return targets.loadGenerator
      .run({
        scenario: cell.scenario.name,
        fixture: cell.fixture,
        seed: cell.seed,
        key: cellKey(cell),
        baseUrl: cell.scenario.target === 'service' ? targets.serviceUrl : targets.floorUrl,
        connections,
        seconds,
      })
      .then(async (sample) => {
        await settle(sample);
        return sample;
      });
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
      log(`${phase}: round ${r + 1}/${plan.rounds}, ${plan.roundSeconds} s per scenario and dataset (load average ${load})`);
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
  return { samples: new Map([...rounds].map(([k, v]) => [k, merge(v)])), loadByRound };
}
