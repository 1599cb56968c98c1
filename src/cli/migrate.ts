import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../log';
import { migrate, openDatabase } from '../neo4j';

/** `npm run migrate`: applies the migrations to the configured database and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'warn' ? 'info' : config.logLevel);
  const { db, local } = await openDatabase(config, (m) => logger.info(m));
  try {
    const applied = await migrate(db);
    logger.info({ applied }, 'migrations applied');
  } finally {
    await db.close();
    await local?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error.stack ?? error.message)}\n`);
  process.exit(1);
});
