import { App, startApp } from '../../src/app';
import { createLogger } from '../../src/log';
import { gql, testConfig, tokenFor, uniqueTenant } from '../support/app';

/** What an operator reads: one JSON line per operation, carrying the request's id. */
describe('structured logs', () => {
  let app: App;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    app = await startApp(testConfig({ LOG_LEVEL: 'info' }), createLogger('info', sink));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('writes one JSON line per GraphQL operation with the request id, the operation and its Cypher round trips', async () => {
    const token = await tokenFor(uniqueTenant());
    const res = await gql(app, 'query Policy { stitchingPolicy { maxDepth } }', {}, token, { 'x-request-id': 'req-log-1' });
    expect(res.errors).toBeUndefined();
    const line = lines.find((l) => l.requestId === 'req-log-1' && l.msg === 'graphql operation');
    expect(line).toMatchObject({ level: 30, service: 'threadgraph', operationName: 'Policy', cypherRoundTrips: 1, errors: 0 });
    expect(typeof line!.time).toBe('string');
  });

  it('tags every line of a request with its id and keeps bearer tokens out of the logs', async () => {
    const token = await tokenFor(uniqueTenant());
    await gql(app, '{ stitchingPolicy { maxDepth } }', {}, token, { 'x-request-id': 'req-log-2' });
    const mine = lines.filter((l) => l.requestId === 'req-log-2');
    expect(mine.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});
