import { InteractionRecord, Participant } from './types';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function participantsOf(i: InteractionRecord): Participant[] {
  return parseJson<Participant[]>(i.participants, []);
}

export function metadataOf(i: InteractionRecord): Record<string, unknown> | null {
  return parseJson<Record<string, unknown> | null>(i.metadata, null);
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
export function handleTimeOf(i: InteractionRecord): HandleTime | null {
  if (!i.endedAt) return null;
  const parts = [i.talkSeconds, i.holdSeconds, i.afterCallWorkSeconds];
  const known = parts.some((p) => p !== null && p !== undefined);
  const totalSeconds = known
    ? parts.reduce<number>((sum, p) => sum + (p ?? 0), 0)
    : Math.max(0, (Date.parse(i.endedAt) - Date.parse(i.startedAt)) / 1000);
  return {
    totalSeconds,
    talkSeconds: i.talkSeconds ?? null,
    holdSeconds: i.holdSeconds ?? null,
    afterCallWorkSeconds: i.afterCallWorkSeconds ?? null,
  };
}
