import { createInteractionRoute } from './restInteractions';
import { Route } from './server';

/** The REST routes the service serves beside /graphql. */
export function restRoutes(): Route[] {
  return [createInteractionRoute];
}
