import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeGraphFloor } from '../../bench/graphFloor';
import { generateHistory, importHistory } from '../../src/importer';
import { Database } from '../../src/neo4j';
import { uniqueTenant } from '../support/app';
import { graphSnapshot } from '../support/graphSnapshot';
import { connectTestDb } from '../support/db';

jest.setTimeout(120_000);

/**
 * The import benchmark's graph floor (bench/graphFloor.ts) is only a fair bound if it writes the
 * graph the import wrote: the same interactions, edges, threads, agents and StitchLocks.
 */
describe("the import benchmark's graph floor", () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await connectTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-graph-floor-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const counts = async (tenant: string) =>
    db.runRaw(
      `MATCH (n) WHERE n.tenant = $tenant
       RETURN labels(n)[0] AS label, count(*) AS nodes, sum(COUNT { (n)-[:PARENT_OF]->() }) AS parentOf,
              sum(COUNT { (n)-[:HANDLED]->() }) AS handled
       ORDER BY label`,
      { tenant },
    );

  it('writes the same graph as the import it copies, and leaves out what it is told to', async () => {
    const file = path.join(dir, 'history.ndjson');
    const records = [...generateHistory({ seed: 7, interactions: 600, days: 20 })].flatMap((i) => (i.kind === 'record' ? [i.record] : []));
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const source = uniqueTenant('graph-floor-source');
    const imported = await importHistory(db.forTenant(source), [{ path: file, format: 'ndjson' }], { batchSize: 150, rejectsDir: dir });
    expect(imported.created).toBeGreaterThan(500);

    const target = uniqueTenant('graph-floor-target');
    // Batches of another size than the import's: parents in an earlier batch are found by id.
    const floor = await writeGraphFloor(db, { source, target, batchSize: 100 });
    expect(floor.records).toBe(imported.created);
    expect(await graphSnapshot(db, target)).toEqual(await graphSnapshot(db, source));
    const sourceCounts = await counts(source);
    expect(sourceCounts.map((r) => r.label)).toEqual(['Agent', 'Interaction', 'StitchLock', 'Thread']);
    expect(await counts(target)).toEqual(sourceCounts);

    const bare = uniqueTenant('graph-floor-bare');
    await writeGraphFloor(db, { source, target: bare, batchSize: 100, without: new Set(['locks', 'threads', 'edges', 'extras']) });
    expect(await counts(bare)).toEqual([
      { label: 'Agent', nodes: sourceCounts[0]!.nodes, parentOf: 0, handled: sourceCounts[0]!.handled },
      { label: 'Interaction', nodes: imported.created, parentOf: 0, handled: 0 },
    ]);
    const props = await db.runRaw(
      'MATCH (i:Interaction) WHERE i.tenant = $tenant UNWIND keys(i) AS key RETURN collect(DISTINCT key) AS keys',
      {
        tenant: bare,
      },
    );
    expect(props[0]!.keys).not.toContain('threadId');
    expect(props[0]!.keys).not.toContain('stitchResult');
  });
});
