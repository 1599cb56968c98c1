/** The only GraphQL layer: the schema (SDL and resolvers in types/), Apollo Server, the request context. */
export { createApollo, formatError } from './apollo';
export { buildSchema } from './schema';
export { createContext } from './context';
export type { RequestContext } from './context';
