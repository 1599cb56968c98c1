import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ThreadgraphError } from '../../errors';

const PREFIX = 'whsec_';
/** Standard Webhooks secrets are 24 to 64 random bytes; ours are 32. */
const MIN_BYTES = 24;
const MAX_BYTES = 64;

/** A new signing secret: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** A secret a client chose, checked: INVALID_WEBHOOK_SECRET says what is wrong with it. */
export function checkSecret(secret: string): string {
  const body = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : null;
  if (body === null || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new ThreadgraphError('INVALID_WEBHOOK_SECRET', 'A webhook secret is "whsec_" followed by base64 (Standard Webhooks).');
  }
  const bytes = Buffer.from(body, 'base64').length;
  if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
    throw new ThreadgraphError(
      'INVALID_WEBHOOK_SECRET',
      `A webhook secret must hold ${MIN_BYTES} to ${MAX_BYTES} bytes (${Math.ceil((MIN_BYTES * 4) / 3)} or more base64 characters); this one holds ${bytes}.`,
    );
  }
  return secret;
}

/**
 * The webhook-signature header: one `v1,<signature>` per secret, space-separated, as Standard
 * Webhooks allows; after a rotation it carries the new secret's and the old one's, so a receiver
 * still verifying with the old secret keeps accepting deliveries until it switches.
 */
export function signatureHeader(secrets: readonly string[], id: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' ');
}
