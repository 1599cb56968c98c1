import dns from 'node:dns';
import { BlockList, isIP, LookupFunction } from 'node:net';
import { AllowedNetwork } from '../../config';
import { ThreadgraphError } from '../../errors';

/**
 * Where a webhook may not go unless an operator allows it (WEBHOOK_ALLOWED_NETWORKS): this host,
 * its private networks, link-local addresses (cloud metadata services live there), and addresses
 * that are not unicast. A tenant could otherwise make the service call into its own network
 * (server-side request forgery).
 */
const FORBIDDEN: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared address space'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

function listOf(entries: readonly { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[]): BlockList {
  const list = new BlockList();
  for (const e of entries) list.addSubnet(e.address, e.prefix, e.family);
  return list;
}

const forbidden = FORBIDDEN.map(([address, prefix, family, why]) => ({ list: listOf([{ address, prefix, family }]), why }));

/** An IPv4 address carried in IPv6 (::ffff:a.b.c.d or ::ffff:7f00:1), as the IPv4 it is. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Checks resolved addresses against the forbidden ranges and what the operator allowed. */
export class TargetPolicy {
  private readonly allowed: BlockList;

  constructor(allowedNetworks: readonly AllowedNetwork[]) {
    this.allowed = listOf(allowedNetworks);
  }

  /** Why `address` may not be called, or null when it may. */
  refusalOf(address: string): string | null {
    const ip = unmapped(address);
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(ip, family)) return null;
    const hit = forbidden.find((f) => f.list.check(ip, family));
    return hit ? `${ip} is ${hit.why}` : null;
  }

  /**
   * A URL a webhook may be sent to: http(s), without credentials, whose host resolves only to
   * addresses that may be called. INVALID_WEBHOOK_URL or WEBHOOK_TARGET_FORBIDDEN otherwise.
   */
  async check(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ThreadgraphError('INVALID_WEBHOOK_URL', `${JSON.stringify(raw)} is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ThreadgraphError('INVALID_WEBHOOK_URL', `A webhook URL must be http or https, not ${url.protocol.replace(/:$/, '')}.`);
    }
    if (url.username || url.password) {
      throw new ThreadgraphError('INVALID_WEBHOOK_URL', 'A webhook URL must not carry credentials: deliveries are signed instead.');
    }
    if (raw.length > 2048) throw new ThreadgraphError('INVALID_WEBHOOK_URL', 'A webhook URL may be at most 2048 characters.');
    const addresses = await this.resolve(url.hostname);
    for (const address of addresses) {
      const refusal = this.refusalOf(address);
      if (refusal) {
        throw new ThreadgraphError(
          'WEBHOOK_TARGET_FORBIDDEN',
          `${url.hostname} resolves to ${refusal}: webhooks may not call private, loopback or link-local addresses unless an operator allows them (WEBHOOK_ALLOWED_NETWORKS).`,
        );
      }
    }
    return url;
  }

  private async resolve(hostname: string): Promise<string[]> {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) return [host];
    try {
      return (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (error) {
      throw new ThreadgraphError(
        'INVALID_WEBHOOK_URL',
        `${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
  }

  /**
   * The DNS lookup a delivery connects through: it refuses forbidden addresses at connect time,
   * so a name that resolved to a public address when the endpoint was created cannot be pointed
   * at a private one later (DNS rebinding). The socket connects to the address checked here.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.map((a) => this.refusalOf(a.address)).find((r) => r !== null);
      if (refused || list.length === 0) {
        const denied: NodeJS.ErrnoException = new Error(`webhook target refused: ${refused ?? `${hostname} has no address`}`);
        denied.code = 'EWEBHOOKTARGET';
        return callback(denied, '', 0);
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
