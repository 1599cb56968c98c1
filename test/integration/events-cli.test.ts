import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { threadgraph } from '../support/cli';
import { feedOf } from '../support/events';

/** `threadgraph events tail` (npm run events -- tail), run as the real binary. */
describe('threadgraph events tail', () => {
  let app: App;
  const tenant = uniqueTenant('events-cli');
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ EVENTS_POLL_MS: '100' });
    token = await tokenFor(tenant);
    const created = await gql(
      app,
      'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-1" }) { interaction { id } } }',
      {},
      token,
    );
    await gql(app, 'mutation($id: ID!) { endInteraction(id: $id) { id } }', { id: created.data!.createInteraction.interaction.id }, token);
    await feedOf(app, token, 3);
  });
  afterAll(async () => {
    await app.stop();
  });

  const lines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { sequence: number; type: string; tenant: string });

  it('prints the tenant’s events as JSON lines, from a sequence, or the last n, or only some types', () => {
    const all = threadgraph(['events', 'tail', '--tenant', tenant, '--after', '0']);
    expect(all.code).toBe(0);
    expect(lines(all.stdout).map((e) => [e.sequence, e.type, e.tenant])).toEqual([
      [1, 'interaction.created', tenant],
      [2, 'interaction.ended', tenant],
      [3, 'thread.closed', tenant],
    ]);
    expect(lines(threadgraph(['events', 'tail', '--tenant', tenant, '--last', '1']).stdout).map((e) => e.sequence)).toEqual([3]);
    expect(
      lines(threadgraph(['events', 'tail', '--tenant', tenant, '--after', '0', '--types', 'thread.closed']).stdout).map((e) => e.type),
    ).toEqual(['thread.closed']);
  });

  it('refuses an unknown event type or a missing tenant with exit code 2', () => {
    const unknown = threadgraph(['events', 'tail', '--tenant', tenant, '--types', 'thread.exploded']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown event type "thread.exploded"/);
    expect(threadgraph(['events', 'tail']).stderr).toMatch(/--tenant is required/);
  });

  it('with --follow prints events as they are numbered, until interrupted', async () => {
    const child = spawn(
      process.execPath,
      [path.resolve(__dirname, '../../bin/threadgraph.js'), 'events', 'tail', '--tenant', tenant, '--follow', '--last', '0'],
      {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', NEO4J_URI: process.env.NEO4J_URI, EVENTS_POLL_MS: '100', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const printed: { sequence: number; type: string }[] = [];
    let arrived: () => void = () => undefined;
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      printed.push(JSON.parse(l));
      arrived();
    });
    const following = new Promise<void>((resolve) =>
      readline.createInterface({ input: child.stderr }).on('line', (l) => l.includes('printing thread events') && resolve()),
    );
    try {
      await following;
      await gql(app, 'mutation { createInteraction(input: { type: SMS, externalId: "CUST-2" }) { interaction { id } } }', {}, token);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no event printed within 15 s')), 15_000);
        arrived = () => (clearTimeout(timer), resolve());
      });
      expect(printed.map((e) => [e.sequence, e.type])).toEqual([[4, 'interaction.created']]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
