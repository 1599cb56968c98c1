import { migrate } from '../neo4j';
import { cliSetup, Command, parseOptions, withDatabase } from './command';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the constraints and indexes to the configured database',
  help: `Usage: threadgraph migrate

Applies every migration in cypher/migrations/ (each is IF NOT EXISTS, so running it again is safe)
to the database the service is configured for: NEO4J_URI, or the embedded Neo4j.`,
  async run(args, io) {
    parseOptions(args, {});
    const { config, logger } = cliSetup(io);
    const applied = await withDatabase(config, logger, migrate);
    logger.info({ applied }, 'migrations applied');
    return 0;
  },
};
