import { loadConfig } from '../src/config';
import { connect } from '../src/neo4j';
import { GRAPH_PARTS, GraphPart, writeGraphFloor } from './graphFloor';

/**
 * The graph floor in a process of its own (bench/import.ts --graph-floor runs it after the import;
 * see graphFloor.ts). Prints one JSON line: records, seconds of writing, records per second.
 *
 * `tsx bench/import-graph.ts SOURCE TARGET [BATCH] [--without PART,...]`, against NEO4J_URI, where
 * PART is one of GRAPH_PARTS: what the graph costs without it.
 */
async function main(source: string, target: string, batchSize: number, without: ReadonlySet<GraphPart>): Promise<void> {
  const config = loadConfig(process.env);
  if (config.neo4j.kind !== 'server') throw new Error('set NEO4J_URI');
  const db = await connect(config.neo4j.uri, { user: config.neo4j.user, password: config.neo4j.password }, config.neo4j.database);
  try {
    const { records, writingMs } = await writeGraphFloor(db, { source, target, batchSize, without });
    const seconds = writingMs / 1000;
    console.log(JSON.stringify({ records, seconds, perSecond: Math.round(records / seconds), without: [...without] }));
  } finally {
    await db.close();
  }
}

const args = process.argv.slice(2);
const w = args.indexOf('--without');
const without = new Set(w >= 0 ? (args.splice(w, 2)[1] ?? '').split(',') : []);
const [source, target, batch] = args;
if (!source || !target || [...without].some((p) => !(GRAPH_PARTS as readonly string[]).includes(p))) {
  console.error(`usage: tsx bench/import-graph.ts SOURCE TARGET [BATCH] [--without ${GRAPH_PARTS.join(',')}]`);
  process.exit(2);
}
main(source, target, Number(batch ?? 5000), without as Set<GraphPart>).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
