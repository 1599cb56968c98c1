import { createHash, randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ThreadgraphError } from '../errors';
import { Channel, CHANNELS, parseInstant, Participant, ParticipantRole, ROLES } from '../model';

/** What createInteraction receives, from GraphQL or from the REST payload (not yet trusted). */
export interface CreateInteractionInput {
  id?: string | null;
  type: Channel;
  externalId?: string | null;
  threading?: { parentInteractionId?: string | null; threadId?: string | null } | null;
  participants?: { id: string; role: ParticipantRole; state?: string | null }[] | null;
  metadata?: unknown;
  startedAt?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
}

/** A checked, normalized interaction, ready to be written. */
export interface NewInteraction {
  id: string;
  clientChoseId: boolean;
  type: Channel;
  externalId: string | null;
  parentId: string | null;
  externalThreadId: string | null;
  participants: Participant[];
  metadata: Record<string, unknown> | null;
  subject: string | null;
  startedAt: string;
  phoneNumber: string | null;
  email: string | null;
}

const MAX_ID = 200;

function bad(message: string): never {
  throw new ThreadgraphError('BAD_USER_INPUT', message);
}

function optionalString(value: unknown, field: string, max = 512): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') bad(`${field} must be a string, got ${typeof value}`);
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > max) bad(`${field} must be at most ${max} characters`);
  return trimmed;
}

/** E.164 with libphonenumber-js; numbers without a country prefix are refused rather than guessed. */
export function normalizePhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw);
  if (!parsed || !parsed.isValid()) bad(`phoneNumber must be a valid international number (E.164, e.g. +14155550123), got "${raw}"`);
  return parsed.number;
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad(`email must be an address like name@example.com, got "${raw}"`);
  return email;
}

/**
 * Checks every field and normalizes keys, so that the same customer always produces the same
 * stitching key. `now` is the default start. Throws BAD_USER_INPUT naming the field.
 */
export function normalizeInput(input: CreateInteractionInput, now: Date = new Date()): NewInteraction {
  if (input === null || typeof input !== 'object') bad('the interaction must be a JSON object');
  if (!CHANNELS.includes(input.type)) bad(`type must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(input.type)}`);
  const clientId = optionalString(input.id, 'id', MAX_ID);
  const threading = input.threading ?? null;
  if (threading !== null && typeof threading !== 'object') bad('threading must be an object');
  if (!Array.isArray(input.participants ?? [])) bad('participants must be a list');
  const participants = (input.participants ?? []).map((p, i) => {
    if (!p || typeof p !== 'object') bad(`participants[${i}] must be an object`);
    const id = optionalString(p.id, `participants[${i}].id`, MAX_ID);
    if (!id) bad(`participants[${i}].id is required`);
    if (!ROLES.includes(p.role)) bad(`participants[${i}].role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(p.role)}`);
    return { id, role: p.role, state: optionalString(p.state, `participants[${i}].state`, 64) };
  });
  const metadata = input.metadata ?? null;
  if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) bad('metadata must be a JSON object');
  const meta = metadata as Record<string, unknown> | null;
  if (meta && meta.channel !== undefined && meta.channel !== input.type) {
    bad(`metadata.channel (${JSON.stringify(meta.channel)}) contradicts type (${input.type})`);
  }
  const phone = optionalString(input.phoneNumber, 'phoneNumber', 64);
  const email = optionalString(input.email, 'email', 320);
  return {
    id: clientId ?? randomUUID(),
    clientChoseId: clientId !== null,
    type: input.type,
    externalId: optionalString(input.externalId, 'externalId', 256),
    parentId: optionalString(threading?.parentInteractionId, 'threading.parentInteractionId', MAX_ID),
    externalThreadId: optionalString(threading?.threadId, 'threading.threadId', 256),
    participants,
    metadata: meta,
    subject: typeof meta?.subject === 'string' ? meta.subject : null,
    startedAt: input.startedAt ? parseInstant(input.startedAt, 'startedAt') : now.toISOString(),
    phoneNumber: phone ? normalizePhone(phone) : null,
    email: email ? normalizeEmail(email) : null,
  };
}

/**
 * The fingerprint an idempotency key remembers: the request as the client meant it (the generated
 * id and the defaulted start are left out, so a retry of the same request matches).
 */
export function payloadHash(operation: string, input: NewInteraction, startedAtGiven: boolean): string {
  const { id, clientChoseId, startedAt, ...rest } = input;
  const canonical = JSON.stringify(
    sortKeys({ operation, ...rest, id: clientChoseId ? id : null, startedAt: startedAtGiven ? startedAt : null }),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
