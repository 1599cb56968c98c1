import { Principal } from './scopes';

/**
 * The callers of tokens verified recently, by the token's exact text. An agent desktop sends the
 * same token with every request for as long as it lives; checking its signature each time (an HMAC
 * or an RSA verification, and the claims) was a measurable share of a thread read. Only tokens that
 * passed every check are kept, until their own expiry (with the clock skew jose allows) or `ttlMs`,
 * whichever comes first, so a key removed from a JWKS stops being trusted within `ttlMs`. A token
 * differs in its signature from any other, so a forged one never matches an entry.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly ttlMs = 60_000,
  ) {}

  get(token: string, now = Date.now()): Principal | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (now < hit.until) return hit.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** `expiresAtMs`: the instant past which jose would refuse the token (exp plus the skew). */
  set(token: string, principal: Principal, expiresAtMs: number, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) {
      // The oldest entry goes (a Map iterates in insertion order): the cache stays bounded whatever callers send.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(token, { principal, until: Math.min(expiresAtMs, now + this.ttlMs) });
  }
}
