import { ThreadgraphError } from '../errors';
import { checkIdentifier, parseInstant } from '../model';
import { CreateInteractionInput, NewInteraction, normalizeInput, optionalSeconds, payloadHash } from '../stitching';

/**
 * One record of a history file: the Unified Interaction payload the REST route accepts, plus the
 * interaction's id (required: it is what makes an import resumable), its start, and optionally its
 * end with the handle-time parts. This is the NDJSON line; a CSV row names the same fields.
 */
export interface RecordJson {
  id: string;
  type: string;
  externalId?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  threading?: { parentInteractionId?: string | null; threadId?: string | null } | null;
  participants?: { id: string; role: string; state?: string | null }[] | null;
  metadata?: Record<string, unknown> | null;
  startedAt: string;
  endedAt?: string | null;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  afterCallWorkSeconds?: number | null;
}

/** How an interaction ended, as endInteraction would record it. */
export interface RecordEnd {
  endedAt: string;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
}

/** Where a record came from: its file (index in the import's list), its first line, its text as read. */
export interface RecordSource {
  file: number;
  line: number;
  raw: string;
}

/** A checked record: the normalized interaction exactly as createInteraction would see it, and its end. */
export interface ImportRecord {
  input: NewInteraction;
  /** createInteraction's fingerprint of the payload: a replay of the same create over REST matches it. */
  hash: string;
  end: RecordEnd | null;
  startMs: number;
  endMs: number | null;
  source: RecordSource;
}

/** A record (or a line that is not one) refused before anything was written, with the typed code. */
export interface Refusal {
  source: RecordSource;
  code: string;
  message: string;
  id: string | null;
}

const HANDLE_PARTS = ['talkSeconds', 'holdSeconds', 'afterCallWorkSeconds'] as const;

function bad(message: string): never {
  throw new ThreadgraphError('BAD_USER_INPUT', message);
}

/**
 * Checks one record with the live path's own validators (normalizeInput for the payload, the strict
 * date-time parser, the bounded durations and identifiers of model/input.ts), so a record and the
 * same payload sent to createInteraction and endInteraction give the same interaction, the same
 * fingerprint and the same refusals. Throws a ThreadgraphError (BAD_USER_INPUT) naming the field.
 */
export function recordFrom(value: unknown, source: RecordSource): ImportRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad('the record must be a JSON object');
  const r = value as Record<string, unknown>;
  if (r.id === undefined || r.id === null || (typeof r.id === 'string' && r.id.trim().length === 0)) {
    bad('id is required: the interaction id makes an import resumable');
  }
  const id = checkIdentifier(r.id, 'id');
  if (r.startedAt === undefined || r.startedAt === null || r.startedAt === '') bad('startedAt is required');
  const startedAt = parseInstant(r.startedAt, 'startedAt');
  const input = normalizeInput({
    id,
    type: r.type as CreateInteractionInput['type'],
    externalId: r.externalId as string | null,
    phoneNumber: r.phoneNumber as string | null,
    email: r.email as string | null,
    threading: r.threading as CreateInteractionInput['threading'],
    participants: r.participants as CreateInteractionInput['participants'],
    metadata: r.metadata,
    startedAt,
  });
  const parts = HANDLE_PARTS.map((f) => optionalSeconds(r[f], f));
  let end: RecordEnd | null = null;
  let endMs: number | null = null;
  if (r.endedAt !== undefined && r.endedAt !== null && r.endedAt !== '') {
    const endedAt = parseInstant(r.endedAt, 'endedAt');
    endMs = Date.parse(endedAt);
    if (endMs < Date.parse(startedAt)) bad(`endedAt (${endedAt}) is before startedAt (${startedAt})`);
    end = { endedAt, talkSeconds: parts[0]!, holdSeconds: parts[1]!, afterCallWorkSeconds: parts[2]! };
  } else if (parts.some((p) => p !== null)) {
    bad('talkSeconds, holdSeconds and afterCallWorkSeconds are recorded at the end: they need endedAt');
  }
  return { input, hash: payloadHash('create', input, true), end, startMs: Date.parse(startedAt), endMs, source };
}

/** The typed code and message of an error thrown while checking or stitching one record. */
export function refusalOf(error: unknown, source: RecordSource, id: string | null): Refusal {
  if (error instanceof ThreadgraphError) return { source, code: error.code, message: error.message, id };
  throw error;
}

/** True when two records of one id describe the same interaction: same payload, same end. */
export function sameEnd(a: RecordEnd | null, b: RecordEnd | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.endedAt === b.endedAt &&
    a.talkSeconds === b.talkSeconds &&
    a.holdSeconds === b.holdSeconds &&
    a.afterCallWorkSeconds === b.afterCallWorkSeconds
  );
}
