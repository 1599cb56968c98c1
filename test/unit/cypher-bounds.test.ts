import fs from 'node:fs';
import path from 'node:path';
import { cypherDir, statementFiles } from '../../src/cypher';
import { MAX_DEPTH_LIMIT } from '../../src/model';

/**
 * Cypher cannot take a path bound as a parameter, so each bound is written in the .cypher files.
 * This ties every one to MAX_DEPTH_LIMIT: a path inside one thread has at most MAX_DEPTH_LIMIT - 1
 * edges (depth 1 to depth MAX_DEPTH_LIMIT); the audit statements, which look for graphs that break
 * the rules, walk further than any legal thread.
 */
const files = statementFiles(cypherDir()).map((name) => ({
  name,
  text: fs.readFileSync(path.join(cypherDir(), `${name}.cypher`), 'utf8'),
}));

/** `*0..19`, `*1..`, `*` and quantifiers `{1,19}` after a relationship, comments removed. */
function pathBounds(text: string): { written: string; upper: number | null }[] {
  const code = text.replace(/\/\/.*$/gm, '');
  const bounds: { written: string; upper: number | null }[] = [];
  for (const m of code.matchAll(/\[[^\]]*\*\s*(\d*)\s*(\.\.)?\s*(\d*)\s*\]/g)) {
    bounds.push({ written: m[0], upper: m[3] ? Number(m[3]) : !m[2] && m[1] ? Number(m[1]) : null });
  }
  for (const m of code.matchAll(/\)\s*\{\s*(\d*)\s*,\s*(\d*)\s*\}/g)) bounds.push({ written: m[0], upper: m[2] ? Number(m[2]) : null });
  return bounds;
}

describe('variable-length paths in cypher/', () => {
  const withPaths = files.filter((f) => pathBounds(f.text).length > 0);

  it('finds the bounded walks it is meant to check', () => {
    expect(withPaths.map((f) => f.name)).toEqual(
      expect.arrayContaining(['walk-threads', 'claim-create', 'end-interaction', 'link-interaction', 'audit-cycles']),
    );
  });

  it.each(withPaths.map((f) => [f.name, f.text] as const))('%s bounds every path by the maximum depth', (name, text) => {
    for (const { written, upper } of pathBounds(text)) {
      expect({ written, bounded: upper !== null }).toEqual({ written, bounded: true });
      if (name.startsWith('audit-')) expect(upper).toBeGreaterThan(MAX_DEPTH_LIMIT - 1);
      else expect({ written, upper }).toEqual({ written, upper: MAX_DEPTH_LIMIT - 1 });
    }
  });
});
