import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthConfig } from '../config';
import { ThreadgraphError } from '../errors';
import { isWellFormed } from '../model';
import { Principal, Scope, SCOPES } from './scopes';
import { VerifiedTokens } from './verifiedTokens';

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
  // exp is required: a token without one would never expire. The skew covers clocks that disagree a little.
  const options = {
    algorithms,
    issuer: auth.issuer,
    audience: auth.audience,
    requiredClaims: ['exp'],
    clockTolerance: auth.clockSkewSeconds,
  };
  const verified = new VerifiedTokens();
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new ThreadgraphError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <jwt>".');
    const known = verified.get(match[1]!);
    if (known) return known;
    let payload: JWTPayload;
    try {
      payload = (typeof key === 'function' ? await jwtVerify(match[1]!, key, options) : await jwtVerify(match[1]!, key, options)).payload;
    } catch (error) {
      throw new ThreadgraphError('UNAUTHENTICATED', `Invalid token: ${(error as Error).message}`);
    }
    checkLifetime(payload, auth.maxLifetimeSeconds, auth.clockSkewSeconds);
    const tenant = payload[auth.tenantClaim];
    if (!isTenantName(tenant)) {
      throw new ThreadgraphError(
        'UNAUTHENTICATED',
        `The token's "${auth.tenantClaim}" claim must name the tenant: 1..${MAX_TENANT} characters, not blank, without surrounding spaces or control characters.`,
      );
    }
    const principal: Principal = { tenant, subject: payload.sub ?? null, scopes: scopesOf(payload) };
    // exp is a required claim, so jose has checked it is a number.
    verified.set(match[1]!, principal, ((payload.exp as number) + auth.clockSkewSeconds) * 1000);
    return principal;
  };
}

const MAX_TENANT = 256;

/** A tenant name a token may carry: every query is scoped to it, so " " or "acme " must not pass for a tenant. */
function isTenantName(tenant: unknown): tenant is string {
  return (
    typeof tenant === 'string' &&
    tenant.length > 0 &&
    tenant.length <= MAX_TENANT &&
    tenant.trim() === tenant &&
    isWellFormed(tenant) &&
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    !/[\u0000-\u001f\u007f]/.test(tenant)
  );
}

/**
 * jose has checked `exp` (required) and `nbf` with the skew. This refuses a token issued in the
 * future (beyond the skew) and one that lives longer than the configured maximum, so a leaked
 * long-lived token is not accepted for months.
 */
function checkLifetime(payload: JWTPayload, maxLifetimeSeconds: number, skewSeconds: number): void {
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now + skewSeconds) {
    throw new ThreadgraphError('UNAUTHENTICATED', 'Invalid token: "iat" is in the future.');
  }
  const from = typeof payload.iat === 'number' ? payload.iat : now;
  if (typeof payload.exp === 'number' && payload.exp - from > maxLifetimeSeconds + skewSeconds) {
    throw new ThreadgraphError(
      'UNAUTHENTICATED',
      `Invalid token: it lives longer than the ${maxLifetimeSeconds} seconds allowed (AUTH_MAX_TOKEN_LIFETIME_SECONDS).`,
    );
  }
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
