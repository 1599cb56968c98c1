import { createHmac } from 'node:crypto';
import { CustomerKey } from '../stitching';

/**
 * The hash an erasure receipt keeps instead of the key: HMAC-SHA256 keyed with PRIVACY_HASH_SECRET
 * over the tenant, the kind and the normalized value. Keyed rather than salted: phone numbers and
 * most CRM ids are guessable (there are only about 10^10 numbers per country), so a plain or salted
 * hash stored beside its salt can be reversed by trying them all; without the secret, which never
 * enters the database, a dump cannot. The same key always gives the same hash, so a repeated
 * request finds its earlier receipt through an index.
 */
export function keyHashOf(secret: string, tenant: string, key: Pick<CustomerKey, 'kind' | 'value'>): string {
  return createHmac('sha256', secret).update(`${tenant}\n${key.kind}\n${key.value}`).digest('hex');
}
