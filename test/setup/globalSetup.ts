import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, startLocalNeo4j } from '../../src/neo4j';
import { connectTestDb } from '../support/db';

/**
 * One Neo4j for the whole run: the server named by NEO4J_URI, or a throwaway embedded instance
 * on a free port. If it cannot start, the run fails here and says why: no test skips itself.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.NEO4J_URI) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-test-neo4j-'));
    const neo4j = await startLocalNeo4j({ dataDir, port: 0, heap: '2g', log: (m) => process.stderr.write(`${m}\n`) });
    process.env.NEO4J_URI = neo4j.uri;
    (globalThis as Record<string, unknown>).__THREADGRAPH_NEO4J__ = { neo4j, dataDir };
  }
  const db = await connectTestDb();
  try {
    await migrate(db);
    // Plans every statement once before any test runs: on a fresh server a large statement's first
    // plan takes seconds, and the first test of a file that used it paid for it (past jest's 60 s
    // on a busy machine), while each test app's own warm-up planned the same statements beside it.
    process.stderr.write(`planned ${await db.warmUp()} statements\n`);
  } finally {
    await db.close();
  }
}
