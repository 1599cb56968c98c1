import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../../src/errors';
import { VARIABLES } from '../../src/config';

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
});
