/**
 * graphql-ws publishes its server adapter only under package "exports" ("graphql-ws/use/ws"), which
 * TypeScript's "node" module resolution does not read; Node, tsx and jest resolve it at run time.
 * This names its declarations for the type checker (a tsconfig "paths" entry would also redirect
 * tsx at run time, to the declarations).
 */
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
