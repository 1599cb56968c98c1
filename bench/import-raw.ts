import fs from 'node:fs';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config';
import { connect } from '../src/neo4j';
import { loadBenchQueries } from './queries';

/**
 * The floor the import is measured against (bench/import.ts runs it in a process of its own):
 * the same history file, read line by line and written as it is with batched UNWIND, each record an
 * interaction node with its agents' HANDLED edges, in file order: no check, no sort, no stitching,
 * no thread, no lock. Prints one JSON line: records, seconds, peak RSS.
 *
 * `tsx bench/import-raw.ts FILE TENANT [BATCH]`, against NEO4J_URI.
 */
async function main(file: string, tenant: string, batchSize: number): Promise<void> {
  const config = loadConfig(process.env);
  if (config.neo4j.kind !== 'server') throw new Error('set NEO4J_URI');
  const db = await connect(config.neo4j.uri, { user: config.neo4j.user, password: config.neo4j.password }, config.neo4j.database);
  const text = loadBenchQueries()['raw-interactions'];
  const started = Date.now();
  let records = 0;
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.WRITE });
  try {
    let rows: unknown[] = [];
    const flush = async () => {
      const batch = rows;
      rows = [];
      await session.executeWrite((tx) => tx.run(text, { tenant, rows: batch }));
    };
    for await (const line of readline.createInterface({
      input: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
      crlfDelay: Infinity,
    })) {
      if (line.length === 0) continue;
      const r = JSON.parse(line) as Record<string, any>;
      const metadata = r.metadata ?? null;
      rows.push({
        props: {
          id: r.id,
          type: r.type,
          externalId: r.externalId ?? null,
          phoneNumber: r.phoneNumber ?? null,
          email: r.email ?? null,
          subject: typeof metadata?.subject === 'string' ? metadata.subject : null,
          metadata: metadata ? JSON.stringify(metadata) : null,
          participants: JSON.stringify(r.participants ?? []),
          talkSeconds: r.talkSeconds ?? null,
          holdSeconds: r.holdSeconds ?? null,
          afterCallWorkSeconds: r.afterCallWorkSeconds ?? null,
        },
        startedAt: r.startedAt,
        endedAt: r.endedAt ?? null,
        agentIds: (r.participants ?? []).filter((p: { role: string }) => p.role === 'AGENT').map((p: { id: string }) => p.id),
      });
      records++;
      if (rows.length >= batchSize) await flush();
    }
    if (rows.length > 0) await flush();
  } finally {
    await session.close();
    await db.close();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    JSON.stringify({
      records,
      seconds,
      perSecond: Math.round(records / seconds),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

const [file, tenant, batch] = process.argv.slice(2);
if (!file || !tenant) {
  console.error('usage: tsx bench/import-raw.ts FILE TENANT [BATCH]');
  process.exit(2);
}
main(file, tenant, Number(batch ?? 5000)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
