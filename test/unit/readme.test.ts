import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../../src/errors';
import { VARIABLES } from '../../src/config';
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
