import { connect, Database } from '../../src/neo4j';

/** The test run's Neo4j (test/setup/globalSetup.ts sets NEO4J_URI: the one named, or a throwaway one), for migrations and direct statements. */
export function connectTestDb(): Promise<Database> {
  return connect(
    process.env.NEO4J_URI!,
    process.env.NEO4J_USER ? { user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD ?? '' } : undefined,
    process.env.NEO4J_DATABASE ?? 'neo4j',
  );
}
