import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The servers under measurement, each a child process of its own. */

const REPO = path.resolve(__dirname, '..');

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface ChildServer {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/**
 * How threadgraph is started: `build` runs the compiled dist/ (the Docker image's CMD), `tsx` its
 * TypeScript as it is (no build step; tsx turns on source maps, which makes every Error's stack,
 * such as the one the Neo4j driver captures for each query, dearer to build).
 */
export type Entry = 'tsx' | 'build';

/** Node flags for a child: `--cpu-prof` into `profileDir` when profiling. */
function nodeFlags(name: string, profileDir: string | null): string[] {
  if (!profileDir) return [];
  fs.mkdirSync(profileDir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The last lines a child wrote, to say why it did not start. */
function tail(child: ChildProcess): () => string {
  let out = '';
  const keep = (chunk: Buffer) => (out = (out + chunk.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out.trim();
}

function stopper(name: string, child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      process.stderr.write(`${name} did not stop within 20 s of SIGTERM: killing it\n`);
      child.kill('SIGKILL');
    }, 20_000);
    await exited;
    clearTimeout(timer);
  };
}

/** Rejects when `child` exits before `ready` settles. */
function untilReady<T>(name: string, child: ChildProcess, output: () => string, ready: Promise<T>): Promise<T> {
  return Promise.race([
    ready,
    new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output()}`))),
    ),
  ]);
}

/**
 * threadgraph on its real entry point (src/main.ts, or dist/src/main.js for `build`), configured
 * as in production: NODE_ENV=production, HS256 auth, silent logs, the benchmark's Neo4j. Only the
 * variables set here reach it, so nothing in the caller's environment changes what is measured.
 * Ready once /health/ready answers 200, which waits for the query plans to be warmed.
 */
export async function startService(opts: {
  neo4j: Neo4jTarget;
  secret: string;
  entry: Entry;
  profileDir: string | null;
}): Promise<ChildServer> {
  const port = await freePort();
  const entry = opts.entry === 'build' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...nodeFlags('service', opts.profileDir), ...entry], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      NEO4J_URI: opts.neo4j.uri,
      NEO4J_USER: opts.neo4j.user,
      NEO4J_PASSWORD: opts.neo4j.password,
      NEO4J_DATABASE: opts.neo4j.database,
      AUTH_JWT_SECRET: opts.secret,
      // Production requires it (erasure receipts' key hashes); the benchmark erases nothing.
      PRIVACY_HASH_SECRET: opts.secret,
      // No retention sweep on the shared benchmark database (it would delete other runs' data).
      RETENTION_INTERVAL: '0',
    },
  });
  const output = tail(child);
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const status = await fetch(`${url}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`threadgraph was not ready within 180 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    await untilReady('threadgraph', child, output, ready);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { name: 'threadgraph', url: `${url}`, pid: child.pid!, stop: stopper('threadgraph', child) };
}

/** The floor server (bench/floor/server.ts) on any free port; ready once it says where it listens. */
export async function startFloor(opts: { neo4j: Neo4jTarget; profileDir: string | null }): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeFlags('floor', opts.profileDir), '--import', 'tsx', 'bench/floor/server.ts'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: '0',
      NEO4J_URI: opts.neo4j.uri,
      NEO4J_USER: opts.neo4j.user,
      NEO4J_PASSWORD: opts.neo4j.password,
      NEO4J_DATABASE: opts.neo4j.database,
    },
  });
  const output = tail(child);
  const listening = new Promise<string>((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = /^\{"listening":"([^"]+)"\}$/m.exec(buffered);
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line[1]!);
      }
    };
    child.stdout?.on('data', onData);
  });
  let url: string;
  try {
    url = await untilReady('the floor server', child, output, listening);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { name: 'floor', url, pid: child.pid!, stop: stopper('the floor server', child) };
}

/** Builds dist/ (npm run build) for `--entry build`. */
export async function buildService(): Promise<void> {
  const child = spawn('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (exit ${code})`);
}
