import { csvRecords, splitCsv } from '../../src/importer/csv';
import { csvHeader, csvHeaderLine, csvRowOf, recordFromCsv } from '../../src/importer/formats';
import { recordFrom, RecordJson } from '../../src/importer/record';
import { ThreadgraphError } from '../../src/errors';

const source = { file: 0, line: 1, raw: '' };

const record: RecordJson = {
  id: 'i-1',
  type: 'VOICE',
  externalId: 'CUST-1',
  phoneNumber: '+33 6 12 34 56 78',
  threading: { parentInteractionId: 'i-0' },
  participants: [
    { id: 'agent-7', role: 'AGENT' },
    { id: 'cust:1', role: 'CUSTOMER' },
  ],
  metadata: { channel: 'VOICE', subject: 'Billing, "urgent"\nsecond line' },
  startedAt: '2026-11-21T09:30:00+01:00',
  endedAt: '2026-11-21T09:42:00+01:00',
  talkSeconds: 600,
  holdSeconds: 60,
  afterCallWorkSeconds: 60,
};

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof ThreadgraphError ? error.code : 'not a ThreadgraphError';
  }
  return undefined;
}

describe('a history record', () => {
  it('is normalized as createInteraction normalizes a payload, with its end and the same fingerprint every time', () => {
    const r = recordFrom(record, source);
    expect(r.input).toMatchObject({
      id: 'i-1',
      type: 'VOICE',
      phoneNumber: '+33612345678',
      parentId: 'i-0',
      startedAt: '2026-11-21T08:30:00.000Z',
    });
    expect(r.end).toEqual({ endedAt: '2026-11-21T08:42:00.000Z', talkSeconds: 600, holdSeconds: 60, afterCallWorkSeconds: 60 });
    expect(r.startMs).toBe(Date.parse('2026-11-21T08:30:00Z'));
    expect(recordFrom({ ...record }, source).hash).toBe(r.hash);
    expect(recordFrom({ ...record, metadata: { channel: 'VOICE' } }, source).hash).not.toBe(r.hash);
  });

  it('is refused with BAD_USER_INPUT for an unknown channel, a date without offset, no id, an end before its start, handle time without an end', () => {
    expect(code(() => recordFrom({ ...record, type: 'FAX', metadata: null }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, startedAt: '2026-11-21T09:30:00' }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, endedAt: '2026-11-21T09:42:00' }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, id: undefined }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, endedAt: '2026-11-21T09:00:00+01:00' }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, endedAt: null }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom({ ...record, talkSeconds: -1 }, source))).toBe('BAD_USER_INPUT');
    expect(code(() => recordFrom([record], source))).toBe('BAD_USER_INPUT');
  });
});

describe('CSV', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks, and says when a quote is still open', () => {
    expect(splitCsv('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
    expect(splitCsv('a,"b\nc"')).toEqual(['a', 'b\nc']);
    expect(splitCsv('a,"b')).toBeNull();
  });

  it('groups the lines of a quoted line break into one record numbered by its first line, and gives up on a quote never closed', async () => {
    async function* lines() {
      yield* ['h1,h2', 'a,"b', 'c"', '', 'd,e', 'f,"never closed'];
    }
    const out = [];
    for await (const r of csvRecords(lines())) out.push(r);
    expect(out.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a', 'b\nc']],
      [5, ['d', 'e']],
      [6, null],
    ]);
  });

  it('writes a record under the documented header and reads it back as the same payload (participants as id:ROLE)', () => {
    const header = csvHeader(splitCsv(csvHeaderLine())!);
    const row = splitCsv(csvRowOf(record))!;
    const back = recordFromCsv(header, row);
    expect(back).toEqual({ ...record, participants: record.participants!.map((p) => ({ id: p.id, role: p.role })) });
    expect(recordFrom(back, source).input).toEqual(recordFrom(record, source).input);
  });

  it('takes columns in any order, metadata.* columns, and refuses an unknown or missing column', () => {
    const header = csvHeader(['startedAt', 'type', 'id', 'metadata.subject', 'participants']);
    expect(recordFromCsv(header, ['2026-11-21T09:30:00Z', 'SMS', 'x', 'Hello', 'a:AGENT;b:CUSTOMER'])).toEqual({
      startedAt: '2026-11-21T09:30:00Z',
      type: 'SMS',
      id: 'x',
      metadata: { subject: 'Hello' },
      participants: [
        { id: 'a', role: 'AGENT' },
        { id: 'b', role: 'CUSTOMER' },
      ],
    });
    expect(() => csvHeader(['id', 'type', 'startedAt', 'custmer'])).toThrow(/unknown column "custmer"/);
    expect(() => csvHeader(['id', 'type'])).toThrow(/missing column "startedAt"/);
    expect(code(() => recordFromCsv(header, ['2026-11-21T09:30:00Z', 'SMS']))).toBe('BAD_USER_INPUT');
    expect(
      code(() => recordFromCsv(csvHeader(['id', 'type', 'startedAt', 'talkSeconds']), ['x', 'SMS', '2026-11-21T09:30:00Z', 'ten'])),
    ).toBe('BAD_USER_INPUT');
  });

  it('reads a rejects file as it was written: the reject columns are ignored', () => {
    const header = csvHeader([...splitCsv(csvHeaderLine())!, 'rejectLine', 'rejectCode', 'rejectMessage']);
    const row = [...splitCsv(csvRowOf(record))!, '12', 'PARENT_NOT_FOUND', 'no parent'];
    expect(recordFromCsv(header, row).id).toBe('i-1');
  });
});
