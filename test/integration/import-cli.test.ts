import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvHeaderLine } from '../../src/importer';
import { Database } from '../../src/neo4j';
import { uniqueTenant } from '../support/app';
import { threadgraph } from '../support/cli';
import { connectTestDb } from '../support/db';

// Imports of a few thousand records, on a 2-core machine shared with other suites.
jest.setTimeout(300_000);
/** `threadgraph generate` and `threadgraph import`, run as a user runs them. */
describe('the import and generate commands', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await connectTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-import-cli-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const interactions = async (tenant: string) =>
    (await db.runRaw('MATCH (i:Interaction {tenant: $tenant}) RETURN count(i) AS n', { tenant }))[0]!.n as number;

  it('say how to use them', () => {
    const all = threadgraph(['--help']);
    expect(all.stdout).toMatch(/^ {2}import +import history files/m);
    expect(all.stdout).toMatch(/^ {2}generate +write a seeded synthetic/m);
    for (const name of ['import', 'generate']) {
      const r = threadgraph([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: threadgraph ${name}`));
    }
    expect(threadgraph(['import']).code).toBe(2);
    expect(threadgraph(['import', path.join(dir, 'missing.ndjson')]).stderr).toMatch(/no such file/);
    expect(threadgraph(['generate', '--format', 'xml']).code).toBe(2);
    const existing = path.join(dir, 'exists.ndjson');
    fs.writeFileSync(existing, '');
    const badProgress = threadgraph(['import', existing, '--progress', 'often']);
    expect([badProgress.code, badProgress.stderr]).toEqual([
      2,
      expect.stringMatching(/--progress must be an integer in 0\.\.3600, got "often"/),
    ]);
  });

  it('generate the same CSV every time, under the documented header; import it with progress lines, a summary and a CSV rejects file; and resume', async () => {
    const args = ['generate', '--interactions', '400', '--days', '30', '--seed', '3', '--format', 'csv', '--invalid', '0.03'];
    const generated = threadgraph(args);
    expect(generated.code).toBe(0);
    expect(threadgraph(args).stdout).toBe(generated.stdout);
    expect(generated.stdout.split('\n')[0]).toBe(csvHeaderLine());
    const file = path.join(dir, 'history.csv');
    fs.writeFileSync(file, generated.stdout);

    const tenant = uniqueTenant('cli');
    const r = threadgraph(['import', file, '--tenant', tenant, '--batch', '100']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ tenant, interrupted: false, dryRun: false });
    expect(summary.created).toBeGreaterThan(350);
    expect(summary.refused.BAD_USER_INPUT).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^import: reading 100%/m);
    expect(r.stderr).toMatch(/^import: \d[\d,]*\/\d[\d,]* records \(100%\), [\d,]+ written/m);
    expect(r.stderr).toMatch(/^ {2}stitched: .*NEW_THREAD/m);
    const rejects = fs.readFileSync(path.join(dir, 'history.rejects.csv'), 'utf8').trim().split('\n');
    expect(rejects[0]).toBe(`${csvHeaderLine()},rejectLine,rejectCode,rejectMessage`);
    expect(rejects.length - 1).toBe(Object.values(summary.refused as Record<string, number>).reduce((n, v) => n + v, 0));
    expect(rejects.slice(1).some((l) => /,\d+,BAD_USER_INPUT,/.test(l))).toBe(true);
    expect(await interactions(tenant)).toBe(summary.created);

    const again = threadgraph(['import', file, '--tenant', tenant]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, alreadyIn: summary.created });
  });

  it('write nothing on a dry run, and report what the records alone say', async () => {
    const file = path.join(dir, 'dry.ndjson');
    fs.writeFileSync(file, threadgraph(['generate', '--interactions', '200', '--invalid', '0.05']).stdout);
    const tenant = uniqueTenant('dry');
    const r = threadgraph(['import', file, '--tenant', tenant, '--dry-run', '--rejects', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, created: 0 });
    expect(JSON.parse(r.stdout).refused.BAD_USER_INPUT).toBeGreaterThan(0);
    expect(await interactions(tenant)).toBe(0);
  });

  it('stop cleanly after the current batch on Ctrl-C, and continue when run again', async () => {
    const file = path.join(dir, 'stop.ndjson');
    fs.writeFileSync(file, threadgraph(['generate', '--interactions', '2500', '--seed', '9']).stdout);
    const tenant = uniqueTenant('sigint');
    const child = spawn(
      process.execPath,
      [path.resolve(__dirname, '../../bin/threadgraph.js'), 'import', file, '--tenant', tenant, '--batch', '50', '--progress', '0'],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          NEO4J_URI: process.env.NEO4J_URI,
          NEO4J_USER: process.env.NEO4J_USER ?? '',
          NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        // Ctrl-C once a batch is in (a line after every batch: --progress 0).
        if (/^import: [1-9][\d,]*\/[\d,]+ records/m.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', resolve);
    });
    expect(code).toBe(130);
    const first = JSON.parse(stdout);
    expect(first.interrupted).toBe(true);
    expect(first.created).toBeGreaterThan(0);
    expect(await interactions(tenant)).toBe(first.created);
    const rest = threadgraph(['import', file, '--tenant', tenant]);
    const second = JSON.parse(rest.stdout);
    expect(second).toMatchObject({ interrupted: false, alreadyIn: first.created });
    expect(await interactions(tenant)).toBe(first.created + second.created);
  });
});
