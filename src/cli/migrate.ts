import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../log/logger';
import { connect, credentialsOf, LocalNeo4j, migrate, startLocalNeo4j } from '../neo4j';

/** `npm run migrate`: applies the migrations to the configured database and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'warn' ? 'info' : config.logLevel);
  let local: LocalNeo4j | undefined;
  if (config.neo4j.kind === 'local') {
    local = await startLocalNeo4j({ dataDir: config.neo4j.dataDir, port: config.neo4j.port, heap: config.neo4j.heap, pageCache: config.neo4j.pageCache, log: (m) => logger.info(m) });
  }
  const db = await connect(local?.uri ?? (config.neo4j.kind === 'server' ? config.neo4j.uri : ''), credentialsOf(config), config.neo4j.database);
  try {
    const applied = await migrate(db);
    logger.info({ applied }, 'migrations applied');
  } finally {
    await db.close();
    await local?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error.stack ?? error.message}\n`);
  process.exit(1);
});
