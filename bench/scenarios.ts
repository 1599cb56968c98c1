import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import neo4j from 'neo4j-driver';
import { Database } from '../src/neo4j';
import { Sample } from './stats';

/** The GraphQL operations the benchmark sends, side by side with the raw Cypher they compare to. */
export const OPERATIONS = {
  thread: fs.readFileSync(path.join(__dirname, 'graphql', 'thread.graphql'), 'utf8'),
  createInteraction: fs.readFileSync(path.join(__dirname, 'graphql', 'create-interaction.graphql'), 'utf8'),
};

export interface LoadShape {
  connections: number;
  seconds: number;
}

/**
 * Drives POST /graphql with autocannon for `seconds`, each request's body from `nextBody`. Every
 * response's latency is recorded (autocannon's own histogram keeps whole milliseconds only), and a
 * response that is not a 200 or carries GraphQL errors counts as an error.
 */
export function graphqlLoad(url: string, token: string, shape: LoadShape, nextBody: () => string): Promise<Sample> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`the benchmark only sends requests to 127.0.0.1, not ${target.hostname}`);
  const latenciesMs: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: shape.connections,
        duration: shape.seconds,
        timeout: 30,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({ ...request, body: nextBody() }),
            onResponse: (status, body) => {
              if (status !== 200 || body.includes('"errors"')) errors += 1;
            },
          },
        ],
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ latenciesMs, errors: errors + result.errors, seconds: result.duration });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latenciesMs.push(responseTime));
  });
}

/**
 * A closed loop of `connections` workers, each running `op` again as soon as it returns, for
 * `seconds`: the same load shape autocannon puts on the HTTP server, applied to the driver.
 */
export async function closedLoop(shape: LoadShape, op: () => Promise<void>): Promise<Sample> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + shape.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await op();
        latenciesMs.push(performance.now() - t0);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: shape.connections }, worker));
  return { latenciesMs, errors, seconds: (performance.now() - start) / 1000 };
}

/** Rotates over `items`, shared by every connection. */
export function rotation<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to rotate over');
  let k = 0;
  return () => items[k++ % items.length]!;
}

/** One thread by the service's own walk-threads statement, straight through the driver. */
export function rawWalk(db: Database, tenant: string, nextId: () => string): () => Promise<void> {
  const text = db.text('walk-threads');
  return async () => {
    const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.executeRead((tx) => tx.run(text, { tenant, ids: [nextId()] }));
      if (result.records.length !== 1) throw new Error('thread not found');
    } finally {
      await session.close();
    }
  };
}

export function threadBodies(ids: readonly string[]): () => string {
  const bodies = ids.map((id) => JSON.stringify({ query: OPERATIONS.thread, variables: { id } }));
  return rotation(bodies);
}

export interface FollowUpTarget {
  customer: string;
  /** ISO instant of the customer's last activity. */
  last: string;
}

const NEW_CHANNELS = ['VOICE', 'VOICE', 'WEB_CHAT', 'EMAIL', 'MESSAGING', 'SMS'] as const;

/**
 * Bodies of createInteraction: new customers (an externalId unique to this run and request), and
 * every `followUpEvery`-th a follow-up to a known customer, starting 10 minutes after that
 * customer's previous one so it stitches onto the customer's latest interaction.
 */
export function createBodies(runId: string, agents: number, targets: readonly FollowUpTarget[], followUpEvery: number): () => string {
  const cursor = new Map(targets.map((t) => [t.customer, Date.parse(t.last)]));
  let n = 0;
  return () => {
    n += 1;
    const type = NEW_CHANNELS[n % NEW_CHANNELS.length]!;
    const followUp = targets.length > 0 && n % followUpEvery === 0 ? targets[(n / followUpEvery) % targets.length]! : null;
    const externalId = followUp ? followUp.customer : `BENCH-${runId}-${n}`;
    let startedAt: string | undefined;
    if (followUp) {
      const at = cursor.get(followUp.customer)! + 10 * 60 * 1000;
      cursor.set(followUp.customer, at);
      startedAt = new Date(at).toISOString();
    }
    const input = {
      type,
      externalId,
      ...(startedAt ? { startedAt } : {}),
      participants: [
        { id: externalId, role: 'CUSTOMER' },
        { id: `AG-${1 + (n % agents)}`, role: 'AGENT' },
      ],
      metadata: {
        subject: 'Order status',
        queue: 'general',
        ...(type === 'VOICE' ? { recordingUri: `s3://bench-recordings/${runId}-${n}.wav` } : {}),
      },
    };
    return JSON.stringify({ query: OPERATIONS.createInteraction, variables: { input } });
  };
}
