import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { gql } from '../support/app';

/**
 * The main job on its embedded default: no NEO4J_URI, so the app starts its own Neo4j with data in
 * a folder. An interaction written before a restart is there after it, with its thread event.
 * (This test starts its own Neo4j, twice, on purpose: that is what it tests.)
 */
describe('npm start on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-restart-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const config = () =>
    loadConfig({
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_PORT: '0',
    });

  it('keeps what it stored across a restart, with auth off in one default tenant', async () => {
    const first = await startApp(config(), createLogger('silent'));
    let id: string;
    try {
      const created = await gql(
        first,
        'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-RESTART" }) { interaction { id } } }',
      );
      expect(created.errors).toBeUndefined();
      id = created.data!.createInteraction.interaction.id;
      const sdl = await gql(first, '{ _service { sdl } }');
      expect(sdl.data!._service.sdl).toContain('type Interaction');
    } finally {
      await first.stop();
    }

    const second = await startApp(config(), createLogger('silent'));
    try {
      const read = await gql(second, 'query($id: ID!) { interaction(id: $id) { id externalId type thread { status } } }', { id });
      expect(read.errors).toBeUndefined();
      expect(read.data!.interaction).toEqual({ id, externalId: 'CUST-RESTART', type: 'VOICE', thread: { status: 'OPEN' } });
      // Its thread event outlived the restart too, and the tenant's sequence goes on after it.
      await gql(second, 'mutation($id: ID!) { endInteraction(id: $id) { id } }', { id });
      const feed = '{ threadEvents(first: 10) { edges { node { sequence type data } } } }';
      let events: { sequence: number; type: string; data: any }[] = [];
      for (const deadline = Date.now() + 10_000; events.length < 3 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        events = (await gql(second, feed)).data!.threadEvents.edges.map((e: { node: unknown }) => e.node);
      }
      expect(events.map((e) => [e.sequence, e.type])).toEqual([
        [1, 'interaction.created'],
        [2, 'interaction.ended'],
        [3, 'thread.closed'],
      ]);
      expect(events[0]!.data.interaction.id).toBe(id);
    } finally {
      await second.stop();
    }
  }, 300_000);
});
