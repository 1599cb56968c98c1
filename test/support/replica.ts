import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_SECRET } from './app';

/** A service process of its own (src/main.ts, as `npm start` runs it) on the run's Neo4j. */
export interface Replica {
  readonly url: string;
  readonly pid: number;
  /** True while the process runs. */
  alive(): boolean;
  /** The tail of what it wrote (its logs), to say why when a test fails. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a replica and resolves once its /health/ready says 200 (plans warm), or rejects with its output. */
export async function startReplica(env: Record<string, string> = {}): Promise<Replica> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/main.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NEO4J_URI: process.env.NEO4J_URI!,
      NEO4J_USER: process.env.NEO4J_USER ?? '',
      NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
      NEO4J_DATABASE: process.env.NEO4J_DATABASE ?? 'neo4j',
      AUTH_JWT_SECRET: TEST_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`the replica exited (${child.exitCode}):\n${output.join('').slice(-3000)}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > end) {
      await stop();
      throw new Error(`the replica was not ready within 240 s:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `${base}/graphql`,
    pid: child.pid ?? -1,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output.join('').slice(-3000),
    stop,
  };
}
