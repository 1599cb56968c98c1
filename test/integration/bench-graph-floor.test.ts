import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RAW_PROPS, writeGraphFloor } from '../../bench/graphFloor';
import { generateHistory, importHistory } from '../../src/importer';
import { Database } from '../../src/neo4j';
import { uniqueTenant } from '../support/app';
import { connectTestDb } from '../support/db';

jest.setTimeout(120_000);

/**
 * The import benchmark's graph floor (bench/graphFloor.ts) is only a fair measure if it writes the
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

  /** A tenant's whole graph as stored, every property (less the tenant) and its type, in an order two tenants share. */
  /** Property types in name order (a node's keys come in the order they were stored). */
  const typesSorted = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
    rows.map((r) => ({
      ...r,
      types: [...(r.types as string[])].sort(),
      edgeTypes: r.edgeTypes ? [...(r.edgeTypes as string[])].sort() : null,
    }));
  const whole = async (tenant: string) => ({
    interactions: typesSorted(
      await db.runRaw(
        `MATCH (i:Interaction {tenant: $tenant})
       OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[e:PARENT_OF]->(i)
       CALL (i) {
         OPTIONAL MATCH (a:Agent {tenant: $tenant})-[:HANDLED]->(i)
         WITH a ORDER BY a.id
         RETURN collect(a.id) AS agents
       }
       RETURN i { .*, tenant: null } AS i, [k IN keys(i) | k + ': ' + valueType(i[k])] AS types, p.id AS parentId,
              e { .* } AS edge, [k IN keys(e) | k + ': ' + valueType(e[k])] AS edgeTypes, agents
       ORDER BY i.id`,
        { tenant },
      ),
    ),
    threads: typesSorted(
      await db.runRaw(
        "MATCH (t:Thread {tenant: $tenant}) RETURN t { .*, tenant: null } AS t, [k IN keys(t) | k + ': ' + valueType(t[k])] AS types ORDER BY t.id",
        { tenant },
      ),
    ),
    locks: (await db.runRaw('MATCH (l:StitchLock {tenant: $tenant}) RETURN l.key AS key ORDER BY key', { tenant })).map((r) => r.key),
    agents: (await db.runRaw('MATCH (a:Agent {tenant: $tenant}) RETURN a.id AS id ORDER BY id', { tenant })).map((r) => r.id),
  });

  it('writes the graph the import wrote, every property as stored, and leaves out what it is told to', async () => {
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
    const original = await whole(source);
    expect(original.threads.length).toBe(imported.threads);
    expect(original.interactions.filter((r) => r.parentId !== null).length).toBeGreaterThan(100);
    expect(original.locks.length).toBeGreaterThan(100);
    expect(await whole(target)).toEqual(original);

    const bare = uniqueTenant('graph-floor-bare');
    await writeGraphFloor(db, { source, target: bare, batchSize: 100, without: new Set(['locks', 'threads', 'edges', 'extras']) });
    const copy = await whole(bare);
    expect({ threads: copy.threads, locks: copy.locks, agents: copy.agents }).toEqual({ threads: [], locks: [], agents: original.agents });
    expect(copy.interactions.map((r) => (r.i as { id: string }).id)).toEqual(original.interactions.map((r) => (r.i as { id: string }).id));
    for (const row of copy.interactions) {
      expect({ parentId: row.parentId, edge: row.edge }).toEqual({ parentId: null, edge: null });
      expect(Object.keys(row.i as object).filter((k) => !RAW_PROPS.has(k))).toEqual([]);
    }
    expect(copy.interactions.map((r) => r.agents)).toEqual(original.interactions.map((r) => r.agents));
  });
});
