import { Webhook } from 'standardwebhooks';
import { checkSecret, newSecret, retryDelay, signatureHeader, TargetPolicy } from '../../src/events';

describe('webhook targets', () => {
  const strict = new TargetPolicy([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['0.0.0.0', 'this network'],
    ['100.64.1.1', 'shared address space'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s)', (address, why) => {
    expect(strict.refusalOf(address)).toContain(why);
  });

  it.each(['93.184.215.14', '172.32.0.1', '8.8.8.8', '2606:4700::1111'])('allows the public address %s', (address) => {
    expect(strict.refusalOf(address)).toBeNull();
  });

  it('allows what an operator allowed, and only that', () => {
    const loopback = new TargetPolicy([{ address: '127.0.0.0', prefix: 8, family: 'ipv4' }]);
    expect(loopback.refusalOf('127.0.0.1')).toBeNull();
    expect(loopback.refusalOf('::ffff:127.0.0.1')).toBeNull();
    expect(loopback.refusalOf('::1')).toContain('loopback');
    expect(loopback.refusalOf('10.0.0.1')).toContain('private');
  });

  it('checks a URL before anything is written: scheme, credentials, then every address its name resolves to', async () => {
    await expect(strict.check('gopher://93.184.215.14/')).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_URL' });
    await expect(strict.check('http://localhost:9/')).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    await expect(strict.check('http://no-such-host.invalid/')).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_URL' });
    expect((await strict.check('https://93.184.215.14/hooks?x=1')).href).toBe('https://93.184.215.14/hooks?x=1');
  });
});

describe('webhook secrets and signatures', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it('accepts a chosen secret of 24 to 64 bytes and refuses others', () => {
    const ok = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
    expect(checkSecret(ok)).toBe(ok);
    expect(() => checkSecret(`whsec_${Buffer.alloc(23, 1).toString('base64')}`)).toThrow(/24 to 64 bytes/);
    expect(() => checkSecret(`whsec_${Buffer.alloc(65, 1).toString('base64')}`)).toThrow(/24 to 64 bytes/);
    expect(() => checkSecret('whsec_not base64!')).toThrow(/base64/);
  });

  it('signs with every secret given, each verifiable on its own by the standardwebhooks verifier', () => {
    const [a, b] = [newSecret(), newSecret()];
    const body = JSON.stringify({ id: 'evt_1', type: 'thread.closed' });
    const at = new Date();
    const header = signatureHeader([a, b], 'evt_1', at, body);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': header };
    expect(header.split(' ')).toHaveLength(2);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });
});

describe('retry backoff', () => {
  const retry = { baseMs: 30_000, maxDelayMs: 43_200_000, windowMs: 259_200_000 };

  it('doubles from the base, between half and all of each step, up to the maximum delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, retry, () => 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, retry, () => 0.999999))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(30, retry, () => 0.5)).toBe(32_400_000);
    expect(retryDelay(500, retry, () => 0)).toBe(21_600_000);
    expect(retryDelay(500, retry, () => 0.999999)).toBeLessThanOrEqual(43_200_000);
  });

  it('with the defaults, retries about 16 times over the 3 days', () => {
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelay(attempts, retry, () => 0.5) <= retry.windowMs) elapsed += retryDelay(attempts++, retry, () => 0.5);
    expect(attempts).toBeGreaterThanOrEqual(14);
    expect(attempts).toBeLessThanOrEqual(18);
  });
});
