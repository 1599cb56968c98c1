import { InteractionRecord, ThreadRecord } from './types';

/**
 * Records as the read statements return them: only the properties reads need (the write path's
 * `payloadHash`, `stitchResult` and `createdAt` stay in the database), and instants as epoch
 * milliseconds. An integer crosses Bolt as a number; a DATETIME crosses as a structure the driver
 * decodes with 64-bit Integer arithmetic, which was most of the driver's time on a thread read.
 */
export type InteractionRow = Omit<InteractionRecord, 'startedAt' | 'endedAt'> & { startedAt: number; endedAt: number | null };
export type ThreadRow = Omit<ThreadRecord, 'startedAt' | 'closedAt'> & { startedAt: number; closedAt: number | null };

/** Epoch milliseconds as the ISO-8601 UTC string every record carries (what `toPlain` gives a DATETIME). */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : isoOf(ms));

export function interactionOf(row: InteractionRow): InteractionRecord {
  return { ...row, startedAt: isoOf(row.startedAt), endedAt: isoOrNull(row.endedAt) };
}

export function threadOf(row: ThreadRow): ThreadRecord {
  return { ...row, startedAt: isoOf(row.startedAt), closedAt: isoOrNull(row.closedAt) };
}
