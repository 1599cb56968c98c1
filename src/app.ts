import { createAuthenticator } from './auth';
import { Config } from './config';
import { EventRuntime, startEvents } from './events';
import { createApollo } from './graphql';
import { restRoutes, Route, RunningServer, startHttpServer } from './http';
import { Logger } from './log';
import { createMetrics } from './metrics';
import { Database, migrate, openDatabase } from './neo4j';
import { RetentionJob, startRetention } from './privacy';

export interface App {
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  /** Resolves once every statement's plan is cached (readiness waits for it). */
  readonly warmed: Promise<void>;
  /** Thread events: the sequencer, webhook delivery, and `follow` for live consumers. */
  readonly events: EventRuntime;
  /** Stops accepting, drains, closes the driver, then stops the local Neo4j if this app started it. */
  stop(): Promise<void>;
}

/**
 * Boots the whole service: the database (the embedded local Neo4j unless NEO4J_URI is set), the
 * migrations, and the HTTP server. Every step that fails says why.
 */
export interface AppOptions {
  /** REST routes served beside the service's own. */
  routes?: Route[];
  /**
   * How query plans are warmed before readiness says ok: by default every registry statement is
   * planned once (Database.warmUp). Given `stopped`, it ends early when the app stops.
   */
  warmUp?: (db: Database, stopped: () => boolean) => Promise<number>;
}

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const { db, local } = await openDatabase(config, (msg) => logger.info(msg), createMetrics());
  let server: RunningServer | undefined;
  let warmUp: WarmUp | undefined;
  let events: EventRuntime | undefined;
  try {
    const applied = await migrate(db);
    logger.info({ migrations: applied.length, database: config.neo4j.database }, 'migrations applied');
    warmUp = startWarmUp(db, logger, options.warmUp ?? ((d, stopped) => d.warmUp(stopped)));
    events = startEvents(db, config, logger);
    const hot = warmUp;
    server = await startHttpServer(
      {
        config,
        logger,
        db,
        apollo: createApollo(config, logger),
        authenticate: createAuthenticator(config.auth),
        routes: [...restRoutes(), ...(options.routes ?? [])],
        warming: () => !hot.done,
        live: events.live,
      },
      config.port,
      config.host,
    );
  } catch (error) {
    await warmUp?.stop();
    await events?.stop();
    await db.close();
    await local?.stop();
    throw error;
  }
  const database = db;
  const running = server;
  const warming = warmUp;
  const threadEvents = events;
  // Idempotency keys past IDEMPOTENCY_TTL and threads closed past RETENTION_DAYS, in bounded batches.
  const retention: RetentionJob = startRetention(db, config.retention, logger);
  if (config.privacy.hashSecretIsDefault) {
    logger.warn('PRIVACY_HASH_SECRET is not set: erasure receipts hash keys with a development default');
  }
  logger.info({ url: running.url }, 'threadgraph is serving');
  return {
    url: running.url,
    port: running.port,
    db: database,
    warmed: warming.finished,
    events: threadEvents,
    async stop() {
      await retention.stop();
      await warming.stop();
      await running.stop();
      await threadEvents.stop();
      await database.close();
      await local?.stop();
      logger.info('threadgraph stopped');
    },
  };
}

interface WarmUp {
  readonly finished: Promise<void>;
  readonly done: boolean;
  /** Lets a warm-up still running stop after its current statement, and waits for it. */
  stop(): Promise<void>;
}

/**
 * Plans every statement in the background (a cold plan costs about a second). /health/ready
 * answers 503 until it is done, so traffic is routed here only once plans are hot.
 */
function startWarmUp(db: Database, logger: Logger, plan: NonNullable<AppOptions['warmUp']>): WarmUp {
  const started = Date.now();
  let stopping = false;
  const state = { done: false };
  const finished = plan(db, () => stopping).then(
    (planned) => logger.info({ statements: planned, ms: Date.now() - started }, 'query plans warmed'),
    (error: Error) => logger.warn({ err: error }, 'warming query plans failed; they will be planned on first use'),
  );
  void finished.then(() => (state.done = true));
  return {
    finished,
    get done() {
      return state.done;
    },
    async stop() {
      stopping = true;
      await finished;
    },
  };
}
