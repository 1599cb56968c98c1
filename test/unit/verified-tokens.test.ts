import { VerifiedTokens } from '../../src/auth/verifiedTokens';
import { Principal } from '../../src/auth';

const principal: Principal = { tenant: 'acme', subject: 'agent-1', scopes: new Set(['interaction:read']) };

describe('the cache of verified tokens', () => {
  it('answers a token it verified, by its exact text only', () => {
    const cache = new VerifiedTokens();
    cache.set('a.b.c', principal, 10_000, 0);
    expect(cache.get('a.b.c', 1)).toBe(principal);
    expect(cache.get('a.b.d', 1)).toBeUndefined();
  });

  it('forgets a token when it expires, however recently it was verified', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('a.b.c', principal, 5_000, 0);
    expect(cache.get('a.b.c', 4_999)).toBe(principal);
    expect(cache.get('a.b.c', 5_000)).toBeUndefined();
  });

  it('verifies a long-lived token again after its time to live', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('a.b.c', principal, 3_600_000, 0);
    expect(cache.get('a.b.c', 59_999)).toBe(principal);
    expect(cache.get('a.b.c', 60_000)).toBeUndefined();
  });

  it('stays bounded: the oldest token goes first', () => {
    const cache = new VerifiedTokens(2);
    cache.set('one', principal, 10_000, 0);
    cache.set('two', principal, 10_000, 0);
    cache.set('three', principal, 10_000, 0);
    expect([cache.get('one', 1), cache.get('two', 1), cache.get('three', 1)]).toEqual([undefined, principal, principal]);
  });
});
