import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.auth.mode === 'off') {
    logger.warn(
      { tenant: config.auth.defaultTenant },
      'AUTHENTICATION IS OFF: every request runs in the default tenant with every scope. Set AUTH_JWT_SECRET or AUTH_JWKS_URL before exposing this service.',
    );
  }
  const app = await startApp(config, logger).catch((error: Error) => {
    logger.fatal({ err: error }, `threadgraph could not start: ${error.message}`);
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
