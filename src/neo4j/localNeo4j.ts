import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Starts the project's own embedded Neo4j 5.26 Community (neo4j-launcher/, built with Maven from
 * Maven Central) as a child process with Bolt on 127.0.0.1. Used by `npm start` when NEO4J_URI is
 * not set, and by the test run.
 */

export interface LocalNeo4j {
  readonly uri: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export class LocalNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalNeo4jError';
  }
}

const ALTERNATIVES =
  'Alternatives: run `docker compose up` (see docker-compose.yml), or point NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD) at a Neo4j 5 server.';

export function launcherDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../neo4j-launcher'), path.resolve(__dirname, '../../../neo4j-launcher')]) {
    if (fs.existsSync(path.join(candidate, 'pom.xml'))) return candidate;
  }
  throw new LocalNeo4jError(`neo4j-launcher/ not found near ${__dirname}`);
}

function which(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Builds the launcher with Maven the first time (downloads Neo4j from Maven Central once). */
export function ensureLauncherBuilt(dir = launcherDir(), log: (msg: string) => void = () => {}): void {
  const jar = path.join(dir, 'target', 'neo4j-launcher.jar');
  const lib = path.join(dir, 'target', 'lib');
  if (fs.existsSync(jar) && fs.existsSync(lib)) return;
  if (!which('java', ['-version'])) {
    throw new LocalNeo4jError(`NEO4J_URI is not set and Java 17+ was not found, so the embedded Neo4j cannot start. ${ALTERNATIVES}`);
  }
  if (!which('mvn', ['-v'])) {
    throw new LocalNeo4jError(`NEO4J_URI is not set and Maven (mvn) was not found to build the embedded Neo4j. ${ALTERNATIVES}`);
  }
  log('building the embedded Neo4j launcher with Maven (first run downloads Neo4j 5.26 from Maven Central)');
  const r = spawnSync('mvn', ['-B', '-q', '-f', path.join(dir, 'pom.xml'), 'package'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new LocalNeo4jError(`Building neo4j-launcher with Maven failed:\n${(r.stdout + r.stderr).slice(-4000)}\n${ALTERNATIVES}`);
  }
}

export interface StartOptions {
  dataDir: string;
  port: number;
  heap: string;
  /** The page cache (256m, 2g); unset, the launcher reads NEO4J_PAGECACHE from the environment, else 256m. */
  pageCache?: string;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

/** Starts Neo4j and resolves once Bolt accepts connections; rejects with the reason if it cannot. */
export async function startLocalNeo4j(opts: StartOptions): Promise<LocalNeo4j> {
  const dir = launcherDir();
  ensureLauncherBuilt(dir, opts.log);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const classpath = [path.join(dir, 'target', 'neo4j-launcher.jar'), path.join(dir, 'target', 'lib', '*')].join(path.delimiter);
  const child = spawn(
    'java',
    [`-Xmx${opts.heap}`, '-XX:+UseG1GC', '-cp', classpath, 'threadgraph.launcher.Launcher', opts.dataDir, String(opts.port)],
    { stdio: ['pipe', 'pipe', 'pipe'], env: opts.pageCache ? { ...process.env, NEO4J_PAGECACHE: opts.pageCache } : process.env },
  );
  const stderrTail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail.push(chunk.toString());
    if (stderrTail.length > 50) stderrTail.shift();
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new LocalNeo4jError(
          `Embedded Neo4j did not become ready within ${opts.timeoutMs ?? 120_000} ms.\n${stderrTail.join('').slice(-4000)}`,
        ),
      );
    }, opts.timeoutMs ?? 120_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^READY (bolt:\/\/\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new LocalNeo4jError(`Cannot run java for the embedded Neo4j: ${err.message}. ${ALTERNATIVES}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new LocalNeo4jError(
          `Embedded Neo4j exited (code ${code}) before it was ready. Is another process using ${opts.dataDir} or port ${opts.port}?\n` +
            stderrTail.join('').slice(-4000),
        ),
      );
    });
  });

  return { uri, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
