import { INPUT_LIMITS } from './limits';
import { InteractionRecord, Participant, ROLES } from './types';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The stored participants; entries that are not participants (data written by hand) are left out rather than failing the read. */
export function participantsOf(i: Pick<InteractionRecord, 'participants'>): Participant[] {
  const stored = parseJson<unknown>(i.participants, []);
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((p: unknown) => {
    if (!p || typeof p !== 'object') return [];
    const { id, role, state } = p as Record<string, unknown>;
    if (typeof id !== 'string' || !(ROLES as readonly unknown[]).includes(role)) return [];
    return [{ id, role: role as Participant['role'], state: typeof state === 'string' ? state : null }];
  });
}

export function metadataOf(i: InteractionRecord): Record<string, unknown> | null {
  const stored = parseJson<unknown>(i.metadata, null);
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : null;
}

/**
 * A stored duration as reads trust it: a finite number of seconds in 0..INPUT_LIMITS.durationSeconds,
 * else unknown. Writes refuse anything else; this keeps a value that got in another way (an older
 * version, a hand-made fix) from failing every read of its thread.
 */
export function storedSeconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= INPUT_LIMITS.durationSeconds ? value : null;
}

/** Milliseconds of a stored instant, or null when it is not one. */
function storedMs(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export interface HandleTime {
  totalSeconds: number | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
}

/**
 * Agent time: talk + hold + after-call work when any of them is known, else end minus start;
 * null while the interaction is active.
 */
export function handleTimeOf(
  i: Pick<InteractionRecord, 'startedAt' | 'endedAt' | 'talkSeconds' | 'holdSeconds' | 'afterCallWorkSeconds'>,
): HandleTime | null {
  if (!i.endedAt) return null;
  const [talkSeconds, holdSeconds, afterCallWorkSeconds] = [i.talkSeconds, i.holdSeconds, i.afterCallWorkSeconds].map(storedSeconds);
  const parts = [talkSeconds, holdSeconds, afterCallWorkSeconds];
  const known = parts.some((p) => p !== null);
  const ended = storedMs(i.endedAt);
  const started = storedMs(i.startedAt);
  const totalSeconds = known
    ? parts.reduce<number>((sum, p) => sum + (p ?? 0), 0)
    : ended !== null && started !== null
      ? Math.max(0, (ended - started) / 1000)
      : null;
  return {
    totalSeconds,
    talkSeconds: talkSeconds ?? null,
    holdSeconds: holdSeconds ?? null,
    afterCallWorkSeconds: afterCallWorkSeconds ?? null,
  };
}
