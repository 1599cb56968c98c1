/** The HTTP edge: one node:http server for /graphql, health checks and REST routes. */
export { startHttpServer } from './server';
export type { Route, RouteContext, RunningServer } from './server';
export { restRoutes } from './routes';
