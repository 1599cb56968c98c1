import { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { ThreadgraphError } from '../../src/errors';
import { formatError } from '../../src/graphql';
import { sendError } from '../../src/http/io';
import { createLogger } from '../../src/log';

/** The two functions every error leaves through: GraphQL's formatError and the HTTP edge's sendError. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger('error', { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) }) };
}

const neo4jError = () =>
  new Neo4jError('Type mismatch: expected List<T> but was String', 'Neo.ClientError.Statement.TypeError', 'N/A', 'N/A');

describe('formatError', () => {
  it('masks an error it does not know, such as a raw Neo4j error', () => {
    const raw = neo4jError();
    const wrapped = new GraphQLError(raw.message, { originalError: raw, path: ['threads'] });
    const out = formatError()({ message: raw.message, path: ['threads'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['threads'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('lets a typed error through with its code and details, without a stack trace', () => {
    const typed = new ThreadgraphError('MAX_DEPTH_EXCEEDED', 'too deep', { max: 5 });
    const out = formatError()(
      { message: 'too deep', extensions: { code: 'MAX_DEPTH_EXCEEDED', details: { max: 5 }, stacktrace: ['at x'] } },
      new GraphQLError('too deep', { originalError: typed }),
    );
    expect(out).toEqual({ message: 'too deep', extensions: { code: 'MAX_DEPTH_EXCEEDED', details: { max: 5 } } });
  });
});

describe('sendError at the HTTP edge', () => {
  function response() {
    const sent: { status?: number; body?: string } = {};
    const res = {
      headersSent: false,
      writeHead: (status: number) => (sent.status = status),
      end: (body: string) => (sent.body = body),
      destroy: () => undefined,
    } as unknown as ServerResponse;
    return { res, sent };
  }

  it('answers an unknown error with 500 INTERNAL_SERVER_ERROR and nothing of the error, and logs it', () => {
    const { lines, logger } = capture();
    const { res, sent } = response();
    sendError(res, neo4jError(), 'rest', logger);
    expect(sent.status).toBe(500);
    expect(JSON.parse(sent.body!)).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    expect(JSON.stringify(lines[0])).toContain('Type mismatch');
  });

  it('answers a typed error with its status, in the GraphQL shape on /graphql', () => {
    const { lines, logger } = capture();
    const { res, sent } = response();
    sendError(res, new ThreadgraphError('PAYLOAD_TOO_LARGE', 'too big'), 'graphql', logger);
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body!)).toEqual({ errors: [{ message: 'too big', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect(lines).toEqual([]);
  });
});
