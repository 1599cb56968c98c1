import { GraphQLScalarType, Kind } from 'graphql';
import { ThreadgraphError } from '../../errors';
import { eventTypesOf, readEvents, ThreadEvent } from '../../events';
import { QueryResolvers } from '../resolvers-types';
import { firstOf } from '../selection';

/** A page of the event feed: edges keyed by sequence, and where the next page starts. */
export interface EventConnection {
  edges: { cursor: string; node: ThreadEvent }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

function longOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new ThreadgraphError('BAD_USER_INPUT', `Long must be a whole number up to 2^53, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Long: a whole number up to 2^53, as a JSON number (a string of digits is accepted on input). */
export const Long = new GraphQLScalarType({
  name: 'Long',
  serialize: (v) => longOf(v),
  parseValue: (v) => longOf(v),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) throw new ThreadgraphError('BAD_USER_INPUT', 'Long must be a whole number');
    return longOf(ast.value);
  },
});

/** The feed's cursor is a sequence, as a string. */
function positionOf(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  if (!/^\d{1,16}$/.test(after) || !Number.isSafeInteger(Number(after))) {
    throw new ThreadgraphError(
      'BAD_USER_INPUT',
      `after must be an event sequence (a whole number, as a string), got ${JSON.stringify(after)}`,
    );
  }
  return Number(after);
}

export const ThreadEventQuery: Pick<QueryResolvers, 'threadEvents'> = {
  threadEvents: async (_, args, ctx, info) => {
    const h = ctx.require('interaction:read');
    const first = firstOf(args.first, info, ctx.config.graphql.maxPageSize);
    const after = positionOf(args.after);
    const types = args.types ? eventTypesOf(args.types) : null;
    const page = await readEvents(h, { after, first, types });
    const edges = page.events.map((node) => ({ cursor: String(node.sequence), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.position < page.latest,
        hasPreviousPage: after > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: String(page.position),
      },
    };
  },
};
