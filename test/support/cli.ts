import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Runs the real bin/threadgraph.js as a user would, against the run's Neo4j. */
export function threadgraph(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/threadgraph.js'), ...args], {
    encoding: 'utf8',
    input,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      NEO4J_URI: process.env.NEO4J_URI,
      NEO4J_USER: process.env.NEO4J_USER ?? '',
      NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
      NEO4J_DATABASE: process.env.NEO4J_DATABASE ?? 'neo4j',
      ...env,
    },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
