import fs from 'node:fs';
import path from 'node:path';
import { STATEMENT_NAMES, StatementName } from './statements';

/** Where the `.cypher` files live, whether we run from `src/` (tsx, jest) or `dist/src/` (node). */
export function cypherDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../cypher'), path.resolve(__dirname, '../../../cypher')]) {
    if (fs.existsSync(path.join(candidate, 'ping.cypher'))) return candidate;
  }
  throw new Error(`cypher/ folder not found near ${__dirname}`);
}

export type QueryRegistry = Readonly<Record<StatementName, string>>;

/** The statement names of every `.cypher` file under `dir` (migrations aside): `sub/name` for `sub/name.cypher`. */
export function statementFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === 'migrations' && prefix === '' ? [] : statementFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.cypher') ? [`${prefix}${entry.name.slice(0, -'.cypher'.length)}`] : [];
  });
}

/**
 * A statement file may start with Neo4j Browser commands (`:param from => '2026-03-01T00:00:00Z';`)
 * so an analyst can paste the whole file into the Browser as it is. They are not Cypher: the
 * driver gets the file without them (blank lines keep the line numbers of errors right).
 */
export function withoutBrowserCommands(text: string): string {
  return text.replace(/^[ \t]*:param\b.*$/gm, '');
}

/**
 * A statement as the driver sends it: without Browser commands and without whole-line comments,
 * which are for people reading the file. Every run sends the text (Bolt's RUN carries it), and a
 * commented statement often passed the driver's 1,400-byte chunk, costing a second socket write per
 * query. Lines stay where they were, so Neo4j's error positions still point into the file.
 */
export function asSent(text: string): string {
  return withoutBrowserCommands(text).replace(/^[ \t]*\/\/.*$/gm, '');
}

let cached: QueryRegistry | undefined;

/** Loads every statement once; later calls return the same frozen registry. */
export function loadQueries(dir = cypherDir()): QueryRegistry {
  if (cached) return cached;
  const known = new Set<string>(STATEMENT_NAMES);
  const unknown = statementFiles(dir).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`cypher files without an entry in src/cypher/statements/: ${unknown.join(', ')}`);
  const entries = STATEMENT_NAMES.map((name) => {
    const file = path.join(dir, `${name}.cypher`);
    if (!fs.existsSync(file)) throw new Error(`missing Cypher file ${file}`);
    return [name, asSent(fs.readFileSync(file, 'utf8'))] as const;
  });
  cached = Object.freeze(Object.fromEntries(entries) as Record<StatementName, string>);
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
