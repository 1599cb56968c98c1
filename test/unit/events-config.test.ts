import { ConfigError, loadConfig } from '../../src/config';

describe('event and webhook configuration', () => {
  it('defaults to delivery on, 10 s attempts, backoff from 30 s to 12 h over 3 days, and no private targets', () => {
    const c = loadConfig({});
    expect(c.events).toEqual({ pollMs: 500 });
    expect(c.webhooks).toEqual({
      delivery: true,
      timeoutMs: 10_000,
      retry: { baseMs: 30_000, maxDelayMs: 43_200_000, windowMs: 259_200_000 },
      leaseMs: 30_000,
      concurrency: 8,
      allowedNetworks: [],
    });
  });

  it('reads allowed networks as CIDRs, a bare address as one host', () => {
    const c = loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8, fd00::/8,10.1.2.3' });
    expect(c.webhooks.allowedNetworks).toEqual([
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
      { address: '10.1.2.3', prefix: 32, family: 'ipv4' },
    ]);
  });

  it('refuses a malformed network, a lease shorter than two attempts and a maximum delay below the base, all at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/33,example.com',
        WEBHOOK_TIMEOUT_MS: '10000',
        WEBHOOK_LEASE_MS: '15000',
        WEBHOOK_RETRY_BASE_MS: '5000',
        WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error!.problems).toEqual([
      expect.stringContaining('"10.0.0.0/33"'),
      expect.stringContaining('"example.com"'),
      expect.stringContaining('WEBHOOK_LEASE_MS (15000) must be at least twice WEBHOOK_TIMEOUT_MS'),
      'WEBHOOK_RETRY_MAX_DELAY_MS must be at least WEBHOOK_RETRY_BASE_MS',
    ]);
  });
});
