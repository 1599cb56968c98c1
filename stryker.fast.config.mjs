// `npm run mutate:fast`: the gating configuration without the TypeScript checker. About ten times
// quicker; mutants that would not compile run anyway and mostly count as killed, so the score reads
// a little high. `npm run mutate` (with the checker) is the one the threshold is meant for.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
export default { ...base, checkers: [], reporters: ['clear-text', 'progress', 'json'] };
