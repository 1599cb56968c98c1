import { ThreadgraphError } from '../errors';
import { INSTANT_YEARS } from './limits';
import { shown } from './shown';

/**
 * The one date-time syntax every entry point accepts (GraphQL DateTime, REST, filters, endedAt):
 * RFC 3339 with a required offset, seconds and up to nine fractional digits optional.
 */
const SYNTAX = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** A date-time's fields as written, checked against the calendar; `offsetMinutes` east of UTC. */
export interface InstantParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (year: number, month: number): number => (month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!);

/**
 * The fields of `text` when it is a real instant (a calendar day that exists, 00:00..23:59:59,
 * an offset within ±18:00, as Neo4j's datetime() accepts), else null. No range check on the year.
 */
export function instantParts(text: string): InstantParts | null {
  const m = SYNTAX.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 18 || om > 59 || oh * 60 + om > 18 * 60) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
}

/** Milliseconds since the epoch of checked parts (Date.UTC, so no local time zone is involved). */
export function epochOf(p: InstantParts): number {
  const utc = new Date(0);
  utc.setUTCFullYear(p.year, p.month - 1, p.day);
  utc.setUTCHours(p.hour, p.minute, p.second, p.millisecond);
  return utc.getTime() - p.offsetMinutes * 60_000;
}

const FIRST = Date.UTC(INSTANT_YEARS.from, 0, 1);
const AFTER_LAST = Date.UTC(INSTANT_YEARS.to + 1, 0, 1);

/** The refusal every entry point gives for a bad date-time, word for word but for the field's name. */
export function instantRefusal(field: string, value: unknown): ThreadgraphError {
  return new ThreadgraphError(
    'BAD_USER_INPUT',
    `${field} must be an ISO-8601 date-time with a UTC offset, on a real calendar day, from ${INSTANT_YEARS.from} to ${INSTANT_YEARS.to} (e.g. 2026-11-21T09:30:00+01:00), got ${shown(value)}`,
  );
}

/**
 * Parses an instant that carries its offset and returns it in UTC (ISO-8601, millisecond
 * precision). A time without an offset is refused: a local time is not an instant, and stitching
 * windows compare instants. So is a day the calendar does not have (2026-02-30 is not March 2) and
 * an instant outside INSTANT_YEARS, in its own offset or in UTC.
 */
export function parseInstant(value: unknown, field = 'DateTime'): string {
  const parts = typeof value === 'string' ? instantParts(value) : null;
  if (!parts || parts.year < INSTANT_YEARS.from || parts.year > INSTANT_YEARS.to) throw instantRefusal(field, value);
  const ms = epochOf(parts);
  if (ms < FIRST || ms >= AFTER_LAST) throw instantRefusal(field, value);
  return new Date(ms).toISOString();
}

let zones: ReadonlySet<string> | undefined;

/** The offset, in minutes east of UTC, that `zone` has at `epochMs` (from the runtime's IANA data). */
function zoneOffsetMinutes(zone: string, epochMs: number): number | null {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  if (name === 'GMT') return 0;
  const m = name ? /^GMT([+-])(\d{2}):(\d{2})$/.exec(name) : null;
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/**
 * True when Neo4j's datetime() accepts `text` as Neo4j itself prints one: an instant as
 * instantParts reads it, optionally followed by a canonical IANA zone in brackets whose offset at
 * that instant is the one written (Neo4j refuses a zone and an offset that disagree).
 */
export function isNeo4jDateTime(text: string): boolean {
  const m = /^(.*?)(?:\[([A-Za-z0-9_+/-]{1,64})\])?$/.exec(text);
  const parts = m ? instantParts(m[1]!) : null;
  if (!parts || parts.year < 1) return false;
  const zone = m![2];
  if (zone === undefined) return true;
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return zones.has(zone) && zoneOffsetMinutes(zone, epochOf(parts)) === parts.offsetMinutes;
}
