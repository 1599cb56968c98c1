import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../../src/errors';
import { VARIABLES } from '../../src/config';
import { createMetrics } from '../../src/metrics';
import { README_POLICY_DEFAULTS } from '../support/readmeDefaults';

/** The README is the user's door: its tables must match what the code reads and answers. */
describe('the README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const configTable = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('### Identity and tenancy'));

  it('documents every configuration variable the config module reads, and no other', () => {
    const documented = [...configTable.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...VARIABLES].sort());
  });

  it('names every error code a client can receive', () => {
    const errors = readme.slice(readme.indexOf('### Errors'), readme.indexOf('### Reading threads'));
    const missing = Object.keys(ErrorCodes).filter((code) => code !== 'INTERNAL_SERVER_ERROR' && !errors.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('documents every metric the service registers, with its labels, and no other', () => {
    const table = readme.slice(readme.indexOf('| metric | labels | what |'), readme.indexOf('- SIGTERM/SIGINT'));
    const documented = new Map<string, string[]>();
    for (const row of table.split('\n').filter((l) => l.trim().startsWith('| `threadgraph_'))) {
      const [names, labels] = row.split('|').slice(1, 3);
      const labelNames = [...labels!.matchAll(/`(\w+)`/g)].map((m) => m[1]!).sort();
      for (const [, name] of names!.matchAll(/`(threadgraph_\w+)`/g)) if (!name!.endsWith('_')) documented.set(name!, labelNames);
    }
    // Each metric with the label names it is declared with (prom-client keeps them on the metric).
    const registered = new Map(
      createMetrics()
        .registry.getMetricsAsArray()
        .map((m) => [m.name, [...((m as unknown as { labelNames?: string[] }).labelNames ?? [])].sort()]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(registered));
    // prom-client's process metrics, under the same prefix, are documented as a family.
    expect(table).toContain('`threadgraph_process_*`, `threadgraph_nodejs_*`');
  });

  it('documents the stitching policy defaults the tests pin', () => {
    const table = readme.slice(readme.indexOf('### The stitching policy'), readme.indexOf('Where a new interaction goes'));
    const documented = Object.fromEntries(
      [...table.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map(([, field, cell]) => {
        const value = cell!
          .trim()
          .replace(/ \(.*\)$/, '')
          .replace(/^`(.*)`$/, '$1');
        return [field, /^\d+$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value];
      }),
    );
    const { updatedAt, ...pinned } = README_POLICY_DEFAULTS;
    expect(updatedAt).toBeNull();
    expect(documented).toEqual(pinned);
  });
});
