import { READ_SCENARIOS } from './reads';
import { AnyScenario } from './types';
import { WRITE_SCENARIOS } from './writes';

export type { AnyScenario, BenchRequest, FixtureContext, SampledThread, Scenario, Target } from './types';
export { defaultOk, defineScenario } from './types';

/**
 * Every scenario, in the order they run within a round. Add yours as a list in a file of its own
 * (like reads.ts) and spread it in here; bench/README.md says how.
 */
export const SCENARIOS: readonly AnyScenario[] = [...READ_SCENARIOS, ...WRITE_SCENARIOS];

/** The scenario named `name`; throws with the known names otherwise. */
export function scenarioNamed(name: string): AnyScenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}

/** Checks the registry once: unique names, and every `floor` names a scenario that exists. */
export function checkScenarios(scenarios: readonly AnyScenario[] = SCENARIOS): void {
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`two scenarios are named "${s.name}"`);
    names.add(s.name);
  }
  for (const s of scenarios) {
    if (s.floor && !names.has(s.floor)) throw new Error(`scenario "${s.name}" is compared with "${s.floor}", which does not exist`);
  }
}
