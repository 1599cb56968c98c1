import { ThreadgraphError } from '../errors';
import { Channel, CHANNELS, checkIdentifier, INPUT_LIMITS, parseInstant } from '../model';

/** The period of thread start the figures cover, [from, to), and the zone calendar buckets use. */
export interface AnalyticsPeriod {
  /** Inclusive, ISO-8601 UTC. */
  readonly from: string;
  /** Exclusive, ISO-8601 UTC. */
  readonly to: string;
  /** The IANA zone, by its canonical name (Asia/Kolkata and Asia/Calcutta are one zone). */
  readonly timeZone: string;
}

/** Which of the period's threads count; null: no filter. */
export interface AnalyticsFilter {
  /** Threads that used at least one of these channels. */
  readonly channels: readonly Channel[] | null;
  /** One customer's threads (the thread's externalId, its root's). */
  readonly externalId: string | null;
}

/** A checked request for figures: what every figure group and export takes. */
export interface AnalyticsQuery {
  readonly period: AnalyticsPeriod;
  readonly filter: AnalyticsFilter;
}

export interface PeriodInput {
  from?: string | null;
  to?: string | null;
  timeZone?: string | null;
}

export interface FilterInput {
  channels?: readonly string[] | null;
  externalId?: string | null;
}

const DAY_MS = 86_400_000;

const bad = (message: string) => new ThreadgraphError('BAD_USER_INPUT', message);

/**
 * Checks a period before anything runs: both ends given (figures over an unbounded period would
 * read the whole store), `to` after `from`, at most `maxDays` x 24 h long (ANALYTICS_MAX_DAYS), and
 * a time zone the runtime knows. Each refusal says what was expected.
 */
export function parsePeriod(input: PeriodInput, maxDays: number): AnalyticsPeriod {
  const example = '(e.g. 2026-03-01T00:00:00+01:00)';
  if (input.from === undefined || input.from === null) {
    throw bad(`range.from is required: figures cover a bounded period [from, to) of thread start ${example}.`);
  }
  if (input.to === undefined || input.to === null) {
    throw bad(`range.to is required: figures cover a bounded period [from, to) of thread start ${example}.`);
  }
  const timeZone = checkTimeZone(input.timeZone ?? 'UTC', 'range.timeZone');
  const from = parseInstant(input.from, 'range.from');
  const to = parseInstant(input.to, 'range.to');
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  if (days <= 0) throw bad(`range.to (${to}) must be after range.from (${from}): the period is [from, to).`);
  if (days > maxDays) {
    throw bad(
      `The period is ${round(days)} days long; at most ${maxDays} days (ANALYTICS_MAX_DAYS) are allowed: ask for shorter periods (or raise ANALYTICS_MAX_DAYS).`,
    );
  }
  return { from, to, timeZone };
}

/** Checks a filter: channels named in the Channel enum (at least one when given), a customer key as createInteraction takes one. */
export function parseFilter(input: FilterInput | null | undefined): AnalyticsFilter {
  const channels = input?.channels ?? null;
  if (channels !== null) {
    if (channels.length === 0) throw bad('filter.channels must name at least one channel, or be left out for all channels.');
    const unknown = channels.filter((c) => !(CHANNELS as readonly string[]).includes(c));
    if (unknown.length > 0) throw bad(`filter.channels must be among ${CHANNELS.join(', ')}; got ${unknown.join(', ')}.`);
  }
  const externalId = input?.externalId ?? null;
  if (externalId !== null) {
    if (externalId.trim() === '') throw bad('filter.externalId must not be blank.');
    // The same bounds a stored externalId has (README "Limits on input"): anything else names no customer.
    checkIdentifier(externalId, 'filter.externalId', INPUT_LIMITS.keyLength);
  }
  return { channels: channels === null ? null : [...new Set(channels as Channel[])], externalId };
}

/**
 * An IANA time zone name (Europe/Berlin, UTC), returned by its canonical name. Offsets (+01:00) are
 * refused: a fixed offset has no daylight-saving days, and calendar days are what the buckets are for.
 */
export function checkTimeZone(value: unknown, field = 'timeZone'): string {
  const refusal = () => bad(`${field} must be an IANA time zone name such as Europe/Berlin or UTC, got ${JSON.stringify(value)}.`);
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) throw refusal();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw refusal();
  }
}

/** An integer in min..max, or BAD_USER_INPUT naming `field` and the range. */
export function checkInt(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw bad(`${field} must be an integer in ${min}..${max}, got ${value}.`);
  return value;
}

/** How far `zone`'s wall clock is ahead of UTC at `instantMs`, in ms. */
function offsetMs(instantMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instantMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a local date begins in `zone` (its midnight), as Neo4j computes it for the time
 * series: where a daylight-saving change skips midnight, the day begins when the clock jumps.
 */
export function startOfLocalDate(date: string, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const wall = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== date) {
    throw bad(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}.`);
  }
  const before = offsetMs(wall - DAY_MS, zone);
  const after = offsetMs(wall + DAY_MS, zone);
  // Local midnight under each of the day's offsets; the earlier one that really shows 00:00 wins.
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(t, zone) === wall - t).sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before).toISOString();
}

/** A period end given on a command line: a date (local midnight in `zone`) or an instant with an offset. */
export function instantOrLocalDate(value: string, zone: string, field: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDate(value, zone) : parseInstant(value, field);
}

const round = (n: number) => Math.round(n * 10) / 10;
