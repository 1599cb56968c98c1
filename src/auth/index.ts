export { createAuthenticator, authorize } from './authenticate';
export type { Authenticator } from './authenticate';
export { SCOPES } from './scopes';
export type { Principal, Scope } from './scopes';
