import { checkTimeZone, instantOrLocalDate, parseFilter, parsePeriod, startOfLocalDate } from '../../src/analytics';
import { ThreadgraphError } from '../../src/errors';

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ThreadgraphError);
    expect((error as ThreadgraphError).code).toBe('BAD_USER_INPUT');
    return (error as Error).message;
  }
  throw new Error('expected a BAD_USER_INPUT refusal');
};

describe('an analytics period', () => {
  it('is [from, to) in UTC, with a canonical time zone (UTC by default)', () => {
    expect(parsePeriod({ from: '2026-03-27T00:00:00+01:00', to: '2026-03-31T00:00:00+02:00', timeZone: 'europe/berlin' }, 400)).toEqual({
      from: '2026-03-26T23:00:00.000Z',
      to: '2026-03-30T22:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(parsePeriod({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' }, 400).timeZone).toBe('UTC');
  });

  it('must have both ends, in order, and last at most maxDays x 24 h', () => {
    expect(refusal(() => parsePeriod({ to: '2026-03-02T00:00:00Z' }, 400))).toMatch(/range\.from is required/);
    expect(refusal(() => parsePeriod({ from: '2026-03-02T00:00:00Z' }, 400))).toMatch(/range\.to is required/);
    expect(refusal(() => parsePeriod({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 400))).toMatch(
      /must be after range\.from/,
    );
    expect(refusal(() => parsePeriod({ from: '2026-03-01T00:00:00Z', to: '2026-03-11T00:00:01Z' }, 10))).toMatch(
      /10 days long; at most 10 days/,
    );
    expect(parsePeriod({ from: '2026-03-01T00:00:00Z', to: '2026-03-11T00:00:00Z' }, 10).to).toBe('2026-03-11T00:00:00.000Z');
    expect(refusal(() => parsePeriod({ from: '2026-03-01', to: '2026-03-11T00:00:00Z' }, 10))).toMatch(
      /range\.from must be an ISO-8601 date-time with a UTC offset, on a real calendar day/,
    );
  });

  it('names a zone the runtime knows, never an offset', () => {
    expect(checkTimeZone('UTC')).toBe('UTC');
    expect(checkTimeZone('America/New_York')).toBe('America/New_York');
    expect(refusal(() => checkTimeZone('Mars/Base'))).toMatch(
      /must be an IANA time zone name such as Europe\/Berlin or UTC, got "Mars\/Base"/,
    );
    expect(refusal(() => checkTimeZone('+01:00'))).toMatch(/IANA/);
    expect(refusal(() => checkTimeZone(''))).toMatch(/IANA/);
  });
});

describe('a local date as an instant (the command line’s --from 2026-03-29)', () => {
  it('is local midnight in the zone, whatever the offset that day', () => {
    expect(startOfLocalDate('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z'); // CET, the day clocks go forward
    expect(startOfLocalDate('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z'); // CEST
    expect(startOfLocalDate('2026-10-25', 'Europe/Berlin')).toBe('2026-10-24T22:00:00.000Z'); // CEST, the day clocks go back
    expect(startOfLocalDate('2026-10-26', 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfLocalDate('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDate('2026-07-01', 'Asia/Kolkata')).toBe('2026-06-30T18:30:00.000Z');
    expect(startOfLocalDate('2026-07-01', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
  });

  it('begins when the clock jumps where a change skips midnight (America/Santiago, 2026-09-06)', () => {
    // Chile moves from UTC-4 to UTC-3 at local midnight: the day begins at 01:00 local, 04:00Z.
    expect(startOfLocalDate('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('takes an instant with an offset as it is, and refuses anything else', () => {
    expect(instantOrLocalDate('2026-03-29T12:00:00+02:00', 'Europe/Berlin', '--from')).toBe('2026-03-29T10:00:00.000Z');
    expect(refusal(() => instantOrLocalDate('2026-02-30', 'UTC', '--from'))).toMatch(/Expected a date as YYYY-MM-DD, got "2026-02-30"/);
    expect(refusal(() => instantOrLocalDate('yesterday', 'UTC', '--from'))).toMatch(/--from must be an ISO-8601 date-time/);
  });
});

describe('an analytics filter', () => {
  it('is optional, and names known channels once each', () => {
    expect(parseFilter(null)).toEqual({ channels: null, externalId: null });
    expect(parseFilter({ channels: ['VOICE', 'VOICE', 'EMAIL'], externalId: 'C1' })).toEqual({
      channels: ['VOICE', 'EMAIL'],
      externalId: 'C1',
    });
    expect(refusal(() => parseFilter({ channels: ['FAX'] }))).toMatch(/filter\.channels must be among VOICE, .*; got FAX/);
    expect(refusal(() => parseFilter({ channels: [] }))).toMatch(/at least one channel/);
    expect(refusal(() => parseFilter({ externalId: 'C'.repeat(257) }))).toMatch(
      /filter\.externalId must be at most 256 characters, got 257/,
    );
    expect(refusal(() => parseFilter({ externalId: 'C\uD800' }))).toMatch(/filter\.externalId is not well-formed Unicode/);
    expect(refusal(() => parseFilter({ externalId: 'C\u0000' }))).toMatch(/filter\.externalId must not contain control characters/);
    expect(parseFilter({ externalId: 'C'.repeat(256) }).externalId).toHaveLength(256);
  });
});
