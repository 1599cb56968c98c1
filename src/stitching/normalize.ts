import { createHash, randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ThreadgraphError } from '../errors';
import {
  assertWellFormed,
  Channel,
  CHANNELS,
  checkIdentifier,
  checkJson,
  INPUT_LIMITS,
  parseInstant,
  Participant,
  ParticipantRole,
  ROLES,
  shown,
  StitchKeyField,
} from '../model';

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

const MAX_ID = INPUT_LIMITS.idLength;

function bad(message: string): never {
  throw new ThreadgraphError('BAD_USER_INPUT', message);
}

function optionalString(value: unknown, field: string, max = 512): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') bad(`${field} must be a string, got ${typeof value}`);
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > max) bad(`${field} must be at most ${max} characters`);
  assertWellFormed(trimmed, field);
  return trimmed;
}

/** An optional identifier or key: absent, null or blank is "not given"; anything else must be a well-formed identifier. */
function optionalIdentifier(value: unknown, field: string, max: number): string | null {
  const given = optionalString(value, field, max);
  return given === null ? null : checkIdentifier(given, field, max);
}

/** An instant a client may leave out (null or absent: `fallback`); anything else must be a date-time (not false, "" or 0). */
export function optionalInstant(value: unknown, field: string, fallback: () => string): string {
  return value === undefined || value === null ? fallback() : parseInstant(value, field);
}

/** A duration in seconds: absent or null, or a finite number in 0..INPUT_LIMITS.durationSeconds (30 days). */
export function optionalSeconds(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  const max = INPUT_LIMITS.durationSeconds;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    bad(`${field} must be a number of seconds from 0 to ${max} (30 days), got ${shown(value)}`);
  }
  return value;
}

/** What endInteraction receives, from GraphQL (not yet trusted). */
export interface EndInput {
  endedAt?: unknown;
  talkSeconds?: unknown;
  holdSeconds?: unknown;
  afterCallWorkSeconds?: unknown;
}

/** The checked end of an interaction: `endedAt` defaults to `now`; durations are bounded. */
export function normalizeEnd(input: EndInput | null | undefined, now: Date = new Date()) {
  const i = input ?? {};
  return {
    endedAt: optionalInstant(i.endedAt, 'endedAt', () => now.toISOString()),
    talkSeconds: optionalSeconds(i.talkSeconds, 'talkSeconds'),
    holdSeconds: optionalSeconds(i.holdSeconds, 'holdSeconds'),
    afterCallWorkSeconds: optionalSeconds(i.afterCallWorkSeconds, 'afterCallWorkSeconds'),
  };
}

/** E.164 with libphonenumber-js; numbers without a country prefix are refused rather than guessed. */
export function normalizePhone(raw: string, field = 'phoneNumber'): string {
  const parsed = parsePhoneNumberFromString(raw);
  if (!parsed || !parsed.isValid()) bad(`${field} must be a valid international number (E.164, e.g. +14155550123), got "${raw}"`);
  return parsed.number;
}

/**
 * A customer key as createInteraction stores it, one normalizer per field, so that everything naming
 * a customer (a create, an import, an erasure or export request) turns the same text into the same
 * key: absent, null or blank is null (not given); an externalId trimmed, a phone number in E.164, an
 * email lower-cased. `field` names the input in the error (BAD_USER_INPUT).
 */
export const normalizeKey: Record<StitchKeyField, (value: unknown, field?: string) => string | null> = {
  externalId: (value, field = 'externalId') => optionalIdentifier(value, field, INPUT_LIMITS.keyLength),
  phoneNumber: (value, field = 'phoneNumber') => {
    const given = optionalString(value, field, 64);
    return given === null ? null : normalizePhone(given, field);
  },
  email: (value, field = 'email') => {
    const given = optionalString(value, field, 320);
    return given === null ? null : normalizeEmail(given, field);
  },
};

export function normalizeEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad(`${field} must be an address like name@example.com, got "${raw}"`);
  return email;
}

/**
 * Checks every field and normalizes keys, so that the same customer always produces the same
 * stitching key. `now` is the default start. Throws BAD_USER_INPUT naming the field.
 */
export function normalizeInput(input: CreateInteractionInput, now: Date = new Date()): NewInteraction {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) bad('the interaction must be a JSON object');
  if (!CHANNELS.includes(input.type)) bad(`type must be one of ${CHANNELS.join(', ')}, got ${shown(input.type)}`);
  const clientId = optionalIdentifier(input.id, 'id', MAX_ID);
  const threading = input.threading ?? null;
  if (threading !== null && (typeof threading !== 'object' || Array.isArray(threading))) bad('threading must be an object');
  const given = input.participants ?? [];
  if (!Array.isArray(given)) bad('participants must be a list');
  if (given.length > INPUT_LIMITS.participants) bad(`participants must list at most ${INPUT_LIMITS.participants} participants`);
  const participants = given.map((p, i) => {
    if (!p || typeof p !== 'object' || Array.isArray(p)) bad(`participants[${i}] must be an object`);
    const id = optionalIdentifier(p.id, `participants[${i}].id`, MAX_ID);
    if (!id) bad(`participants[${i}].id is required`);
    if (!ROLES.includes(p.role)) bad(`participants[${i}].role must be one of ${ROLES.join(', ')}, got ${shown(p.role)}`);
    return { id, role: p.role, state: optionalString(p.state, `participants[${i}].state`, 64) };
  });
  const metadata = input.metadata ?? null;
  if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) bad('metadata must be a JSON object');
  if (metadata !== null) checkJson(metadata, 'metadata');
  const meta = metadata as Record<string, unknown> | null;
  if (meta && meta.channel !== undefined && meta.channel !== input.type) {
    bad(`metadata.channel (${shown(meta.channel)}) contradicts type (${input.type})`);
  }
  const phoneNumber = normalizeKey.phoneNumber(input.phoneNumber);
  const email = normalizeKey.email(input.email);
  return {
    id: clientId ?? randomUUID(),
    clientChoseId: clientId !== null,
    type: input.type,
    externalId: normalizeKey.externalId(input.externalId),
    parentId: optionalIdentifier(threading?.parentInteractionId, 'threading.parentInteractionId', MAX_ID),
    externalThreadId: optionalIdentifier(threading?.threadId, 'threading.threadId', INPUT_LIMITS.keyLength),
    participants,
    metadata: meta,
    subject: typeof meta?.subject === 'string' ? meta.subject : null,
    startedAt: optionalInstant(input.startedAt, 'startedAt', () => now.toISOString()),
    phoneNumber,
    email,
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
