import { App, startApp } from '../../src/app';
import { createLogger } from '../../src/log';
import { codes, gql, testConfig, tokenFor, uniqueTenant } from '../support/app';

/**
 * An error the service did not expect reaches the client as INTERNAL_SERVER_ERROR with a generic
 * message, and the operator's log holds it in full. Provoked for real: a Thread node whose
 * `startedAt` was stored as a list (as a faulty migration or a hand edit could leave it) makes
 * Neo4j itself fail the list query when it prints the row's cursor key.
 */
describe('an unexpected database error', () => {
  let app: App;
  const lines: Record<string, unknown>[] = [];
  const tenant = uniqueTenant('mask');

  beforeAll(async () => {
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    app = await startApp(testConfig({ LOG_LEVEL: 'error' }), createLogger('error', sink));
    await app.db.runRaw(
      `CREATE (:Thread {tenant: $tenant, id: 'corrupt', rootId: 'nobody', status: 'OPEN', startedAt: datetime(), closedAt: 'yesterday', channels: ['VOICE']})`,
      { tenant },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it('is masked for the client and logged in full for the operator', async () => {
    const res = await gql(app, '{ threads { edges { node { id } } } }', {}, await tokenFor(tenant), {
      'x-request-id': 'req-mask-1',
    });
    expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(res.errors![0]!.message).toBe('Internal server error');
    expect(JSON.stringify(res)).not.toMatch(/Neo4j|Neo\.|Type mismatch|Cypher|stack/i);
    const logged = lines.find((l) => l.requestId === 'req-mask-1' && l.msg === 'unexpected error in a GraphQL operation');
    expect(JSON.stringify(logged?.err)).toMatch(/Neo\.ClientError|Type mismatch|expected/i);
  });
});
