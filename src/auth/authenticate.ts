import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthConfig } from '../config';
import { ThreadgraphError } from '../errors';
import { Principal, Scope, SCOPES } from './scopes';

/** Resolves the caller from the Authorization header: null when there is none, an error when it is bad. */
export type Authenticator = (authorization: string | undefined) => Promise<Principal | null>;

/**
 * Builds the request authenticator for the configured mode. With auth off, every request runs
 * as the default tenant with every scope (development only: config refuses it in production).
 */
export function createAuthenticator(auth: AuthConfig): Authenticator {
  if (auth.mode === 'off') {
    const principal: Principal = { tenant: auth.defaultTenant, subject: null, scopes: new Set(SCOPES) };
    return async () => principal;
  }
  const key: Uint8Array | JWTVerifyGetKey = auth.mode === 'hs256' ? auth.secret : createRemoteJWKSet(auth.jwksUrl);
  const algorithms = auth.mode === 'hs256' ? ['HS256'] : ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'];
  const options = { algorithms, issuer: auth.issuer, audience: auth.audience };
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new ThreadgraphError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <jwt>".');
    let payload: JWTPayload;
    try {
      payload = (typeof key === 'function' ? await jwtVerify(match[1]!, key, options) : await jwtVerify(match[1]!, key, options)).payload;
    } catch (error) {
      throw new ThreadgraphError('UNAUTHENTICATED', `Invalid token: ${(error as Error).message}`);
    }
    const tenant = payload[auth.tenantClaim];
    if (typeof tenant !== 'string' || tenant.length === 0) {
      throw new ThreadgraphError('UNAUTHENTICATED', `The token has no "${auth.tenantClaim}" claim naming the tenant.`);
    }
    return { tenant, subject: payload.sub ?? null, scopes: scopesOf(payload) };
  };
}

/** OAuth `scope` is a space-separated string; some issuers send `scp` as an array. */
function scopesOf(payload: JWTPayload): Set<string> {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return new Set(raw.split(/\s+/).filter(Boolean));
  if (Array.isArray(raw)) return new Set(raw.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** The caller, if there is one and it holds `scope`: UNAUTHENTICATED without a token, FORBIDDEN without the scope. */
export function authorize(principal: Principal | null, scope: Scope): Principal {
  if (!principal) throw new ThreadgraphError('UNAUTHENTICATED', 'A Bearer token is required (Authorization: Bearer <jwt>).');
  if (!principal.scopes.has(scope)) throw new ThreadgraphError('FORBIDDEN', `This operation needs the "${scope}" scope.`);
  return principal;
}
