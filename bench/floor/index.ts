import { READ_ROUTES } from './reads';
import { FloorRoute } from './routes';
import { WRITE_ROUTES } from './writes';

export type { FloorRoute } from './routes';
export { statementText } from './routes';

/** Every floor route. Add yours as a list in a file of its own (like reads.ts) and spread it in here. */
export const FLOOR_ROUTES: readonly FloorRoute[] = [...READ_ROUTES, ...WRITE_ROUTES];

/** The route for `path`, or undefined. */
export function floorRoute(routePath: string): FloorRoute | undefined {
  return FLOOR_ROUTES.find((r) => r.path === routePath);
}
