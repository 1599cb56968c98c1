import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLFormattedError } from 'graphql';
import { Config } from '../config';
import { ErrorCodes, ThreadgraphError } from '../errors';
import { Logger } from '../log';
import { RequestContext } from './context';
import { catchStackOverflow, inputGuards, KnownOperationTypesRule, NESTED_TOO_DEEPLY, stackOverflowIs400 } from './operationGuards';
import { operationMetrics } from './operationMetrics';
import { buildSchema } from './schema';

/** Codes that Apollo and graphql-armor give to a client's own mistakes: safe to show as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** graphql's own parser enforces the token limit (parseOptions.maxTokens) and says so in this message. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/** Apollo's automatic persisted queries refuse these with HTTP 400 but no code; they are the client's mistakes. */
const APQ_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['provided sha does not match query', 'The persistedQuery sha256Hash does not match the query.'],
  ['Unsupported persisted query version', 'Unsupported persistedQuery version: only version 1 is served.'],
]);

/** The error a resolver or Apollo threw, under GraphQL's wrapping. */
const originalOf = (error: unknown): unknown => (error as { originalError?: unknown })?.originalError ?? error;

/** True for our typed errors and a client's own mistakes: shown as they are. Anything else is unexpected. */
function isExpected(error: unknown, code: unknown): boolean {
  return (
    originalOf(error) instanceof ThreadgraphError ||
    (typeof code === 'string' && CLIENT_CODES.has(code)) ||
    (error instanceof Error && APQ_REFUSALS.has(error.message))
  );
}

/**
 * Our typed errors and client mistakes pass through (without stack traces); anything else reaches
 * the client as INTERNAL_SERVER_ERROR with a generic message (the request's log line holds it in
 * full: see `operationLog`).
 */
export function formatError() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const tokens = TOKEN_LIMIT.exec(formatted.message);
    if (code === 'GRAPHQL_PARSE_FAILED' && tokens) {
      // Reported like the other operation limits (depth, aliases, cost): the operation is well-formed but too big.
      return {
        message: `Token limit of ${tokens[1]} exceeded.`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' satisfies keyof typeof ErrorCodes },
      };
    }
    if (code === 'GRAPHQL_PARSE_FAILED' && !formatted.message.startsWith('Syntax Error:')) {
      // The parser overflowed the stack on a deeply nested operation: say so, without the RangeError's text.
      return { message: `Syntax Error: ${NESTED_TOO_DEEPLY}`, extensions: { code } };
    }
    const apq = APQ_REFUSALS.get(formatted.message);
    if (apq) return { message: apq, extensions: { code: 'BAD_REQUEST' satisfies keyof typeof ErrorCodes } };
    if (isExpected(error, code)) {
      const { stacktrace: _dropped, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions };
    }
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * Logs each operation once, on the request's own logger (which carries its request id), with the
 * Cypher round trips it cost; optionally reports that count to the client.
 */
const operationLog = (exposeQueryCount: boolean): ApolloServerPlugin<RequestContext> => ({
  async requestDidStart({ contextValue }) {
    const started = Date.now();
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (!isExpected(error, error.extensions?.code)) {
            contextValue.logger.error({ err: originalOf(error), path: error.path }, 'unexpected error in a GraphQL operation');
          }
        }
      },
      async willSendResponse({ operationName, errors, response }) {
        if (exposeQueryCount && response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cypher: { roundTrips: contextValue.counter.count, queries: contextValue.counter.names },
          };
        }
        contextValue.logger.info(
          {
            operationName: operationName ?? null,
            ms: Date.now() - started,
            cypherRoundTrips: contextValue.counter.count,
            errors: errors?.length ?? 0,
          },
          'graphql operation',
        );
      },
    };
  },
});

/**
 * Every answer is the caller's tenant's own data and never cacheable, so no cache policy needs
 * computing: Apollo's cache-control plugin, on by default, did that for every field of every answer
 * (a cost of its own on a thread view of ~60 fields per interaction) only to end with this header.
 */
const noStore: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** The most tokens an operation may have: a thread view with every field is about 300. */
const MAX_TOKENS = 5000;

export function createApollo(config: Config, logger: Logger): ApolloServer<RequestContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: config.graphql.maxAliases },
    costLimit: { maxCost: config.graphql.maxCost, ignoreIntrospection: true, flattenFragments: true },
    maxDirectives: { n: 50 },
    // The token limit is graphql's own (parseOptions below): armor's plugin throws from a hook
    // before parsing, which Apollo answers with HTTP 500, and it also did so for every syntax error.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !config.graphql.introspection },
  }).protect();
  return new ApolloServer<RequestContext>({
    schema: buildSchema(),
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    csrfPrevention: true,
    // armor's depth and cost rules recurse per level: a stack overflow in them is a 400, not a 500.
    validationRules: [...armor.validationRules.map(catchStackOverflow), KnownOperationTypesRule],
    formatError: formatError(),
    plugins: [
      // First: the first plugin to throw from unexpectedErrorProcessingRequest answers the request.
      stackOverflowIs400,
      inputGuards,
      operationMetrics,
      ...armor.plugins,
      // Federation's ftv1: an inline trace when the gateway's header asks for one.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      operationLog(config.graphql.exposeQueryCount),
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ] as ApolloServerPlugin<RequestContext>[],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
}
