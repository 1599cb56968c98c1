import fs from 'node:fs';
import path from 'node:path';
import { QUERY_NAMES, QueryName } from './queries';

/** Where the `.cypher` files live, whether we run from `src/` (tsx, jest) or `dist/src/` (node). */
export function cypherDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../cypher'), path.resolve(__dirname, '../../../cypher')]) {
    if (fs.existsSync(path.join(candidate, 'ping.cypher'))) return candidate;
  }
  throw new Error(`cypher/ folder not found near ${__dirname}`);
}

export type QueryRegistry = Readonly<Record<QueryName, string>>;

let cached: QueryRegistry | undefined;

/** Loads every statement once; later calls return the same frozen registry. */
export function loadQueries(dir = cypherDir()): QueryRegistry {
  if (cached) return cached;
  const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith('.cypher')).map((f) => f.slice(0, -'.cypher'.length));
  const unknown = onDisk.filter((n) => !(QUERY_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`cypher files without a name in src/cypher/queries.ts: ${unknown.join(', ')}`);
  const entries = QUERY_NAMES.map((name) => {
    const file = path.join(dir, `${name}.cypher`);
    if (!fs.existsSync(file)) throw new Error(`missing Cypher file ${file}`);
    return [name, fs.readFileSync(file, 'utf8')] as const;
  });
  cached = Object.freeze(Object.fromEntries(entries) as Record<QueryName, string>);
  return cached;
}

/** Migrations, applied in file-name order; each file holds one idempotent statement. */
export function loadMigrations(dir = path.join(cypherDir(), 'migrations')): { name: string; text: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
