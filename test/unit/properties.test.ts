import fc from 'fast-check';
import { ThreadgraphError } from '../../src/errors';
import { checkJson, daysInMonth, INSTANT_YEARS, parseInstant } from '../../src/model';
import { matchesCompositePattern } from '../../src/stitching/compositePattern';
import { Candidate, chooseAutoStitch, crossChannelRefusal, horizonOf, stitchKeyOf } from '../../src/stitching/decide';
import { normalizeEnd, normalizeInput, payloadHash } from '../../src/stitching/normalize';
import { DEFAULT_POLICY, StitchingPolicy } from '../../src/stitching/policy';
import { decodeCursor, encodeCursor } from '../../src/threads';

/** Seeded properties of the pure rules: the same cases on every run, so a failure reproduces. */
const seed = 1313;
const runs = { seed, numRuns: 300 };

/** Only a typed BAD_USER_INPUT may escape an input check; anything else (a TypeError, a RangeError) is a bug. */
function returnsOrRefuses(f: () => unknown): void {
  try {
    f();
  } catch (error) {
    if (!(error instanceof ThreadgraphError) || error.code !== 'BAD_USER_INPUT') throw error;
  }
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

describe('the date-time parser (properties)', () => {
  const parts = fc
    .record({
      year: fc.integer({ min: INSTANT_YEARS.from, max: INSTANT_YEARS.to }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      ms: fc.integer({ min: 0, max: 999 }),
      offset: fc.integer({ min: -18 * 60, max: 18 * 60 }),
    })
    .map((p) => ({ ...p, day: Math.min(p.day, daysInMonth(p.year, p.month)) }));
  const format = (p: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    ms: number;
    offset: number;
  }) =>
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.ms, 3)}` +
    `${p.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(p.offset) / 60))}:${pad(Math.abs(p.offset) % 60)}`;

  it('reads every real instant as Date.UTC minus its offset, or refuses it when UTC falls outside the years', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const expected = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms) - p.offset * 60_000;
        const utcYear = new Date(expected).getUTCFullYear();
        if (utcYear < INSTANT_YEARS.from || utcYear > INSTANT_YEARS.to) {
          expect(() => parseInstant(format(p))).toThrow(ThreadgraphError);
        } else {
          expect(parseInstant(format(p))).toBe(new Date(expected).toISOString());
          expect(parseInstant(parseInstant(format(p)))).toBe(parseInstant(format(p)));
        }
      }),
      runs,
    );
  });

  it('refuses every day past the end of its month, never rolling it into the next', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 1, max: 3 }), (p, over) => {
        const day = daysInMonth(p.year, p.month) + over;
        if (day > 99) return;
        expect(() => parseInstant(format({ ...p, day }))).toThrow(/real calendar day/);
      }),
      runs,
    );
  });

  it('answers any string or value with an instant in range or BAD_USER_INPUT, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (v) => {
        returnsOrRefuses(() => {
          const iso = parseInstant(v);
          expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        });
      }),
      runs,
    );
  });
});

describe('input normalisation (properties)', () => {
  it('answers any value with a checked interaction or BAD_USER_INPUT, nothing else', () => {
    const input = fc.oneof(
      fc.anything({ maxDepth: 4 }),
      fc.record(
        {
          type: fc.constantFrom('VOICE', 'EMAIL', 'X'),
          id: fc.anything({ maxDepth: 1 }),
          externalId: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything({ maxDepth: 1 })),
          threading: fc.anything({ maxDepth: 2 }),
          participants: fc.anything({ maxDepth: 3 }),
          metadata: fc.anything({ maxDepth: 5 }),
          startedAt: fc.anything({ maxDepth: 1 }),
          phoneNumber: fc.anything({ maxDepth: 1 }),
          email: fc.anything({ maxDepth: 1 }),
        },
        { requiredKeys: ['type'] },
      ),
    );
    fc.assert(
      fc.property(input, (v) => returnsOrRefuses(() => normalizeInput(v as never))),
      runs,
    );
  });

  it('normalizes keys to a fixed point: the normalized interaction normalizes to itself', () => {
    const input = fc.record({
      type: fc.constantFrom('VOICE' as const, 'EMAIL' as const),
      externalId: fc.oneof(
        fc.constant(null),
        fc.string({ minLength: 1, maxLength: 20 }).map((s) => `C-${s}`),
      ),
      phoneNumber: fc.constantFrom(null, '+14155550123', '+1 (415) 555-0123', '+44 20 7946 0958'),
      email: fc.constantFrom(null, 'Ann@Example.COM', ' bob@example.org '),
      startedAt: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    });
    fc.assert(
      fc.property(input, (raw) => {
        let first;
        try {
          first = normalizeInput(raw);
        } catch (error) {
          if (error instanceof ThreadgraphError && error.code === 'BAD_USER_INPUT') return; // a key with control characters, say
          throw error;
        }
        const again = normalizeInput({ ...raw, ...first, threading: null, id: first.id });
        expect([again.externalId, again.phoneNumber, again.email, again.startedAt]).toEqual([
          first.externalId,
          first.phoneNumber,
          first.email,
          first.startedAt,
        ]);
      }),
      runs,
    );
  });

  it('fingerprints a request the same whatever the order of its metadata keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), (metadata) => {
        const reversed = Object.fromEntries(Object.entries(metadata).reverse());
        const at = new Date('2026-01-01T00:00:00Z');
        const a = normalizeInput({ type: 'VOICE', externalId: 'C', metadata }, at);
        const b = normalizeInput({ type: 'VOICE', externalId: 'C', metadata: reversed }, at);
        expect(payloadHash('create', a, false)).toBe(payloadHash('create', b, false));
      }),
      runs,
    );
  });

  it('checks JSON of any shape and depth without overflowing the stack', () => {
    const deep = fc.integer({ min: 1, max: 20_000 }).map((n) => {
      let v: unknown = 1;
      for (let k = 0; k < n; k++) v = k % 2 ? [v] : { a: v };
      return v;
    });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), deep), (v) => returnsOrRefuses(() => checkJson(v, 'metadata'))),
      runs,
    );
  });

  it('bounds every duration of an end to a finite 0..30 days, whatever is sent', () => {
    fc.assert(
      fc.property(
        fc.record(
          { talkSeconds: fc.anything({ maxDepth: 0 }), holdSeconds: fc.double(), afterCallWorkSeconds: fc.integer() },
          { requiredKeys: [] },
        ),
        (input) => {
          returnsOrRefuses(() => {
            const end = normalizeEnd(input);
            for (const s of [end.talkSeconds, end.holdSeconds, end.afterCallWorkSeconds]) {
              if (s !== null) expect(Number.isFinite(s) && s >= 0 && s <= 2_592_000).toBe(true);
            }
          });
        },
      ),
      runs,
    );
  });
});

describe('the stitching rules of decide.ts (properties)', () => {
  const policy = fc.record({
    windowSeconds: fc.integer({ min: 0, max: 90 * 86400 }),
    gracePeriodSeconds: fc.integer({ min: 0, max: 86400 }),
    crossChannel: fc.boolean(),
  });
  const START = Date.parse('2026-06-01T12:00:00.000Z');
  const candidate = fc.record({
    id: fc.uuid(),
    type: fc.constantFrom('VOICE' as const, 'EMAIL' as const, 'SMS' as const),
    externalId: fc.constantFrom(null, 'P-1', 'P-2'),
    depth: fc.integer({ min: 1, max: 5 }),
    threadId: fc.constantFrom('t1', 't2'),
    lastActivity: fc.integer({ min: 0, max: 100 * 86400 }).map((s) => new Date(START - s * 1000).toISOString()),
  });
  const key = fc.constantFrom('EXTERNAL_ID' as const, 'PHONE_NUMBER' as const, 'EMAIL' as const);

  it('attaches only within window + grace, to the latest eligible activity, and names the grace period only past the window', () => {
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 8 }),
        policy,
        key,
        fc.constantFrom('VOICE' as const, 'EMAIL' as const),
        (cands, p, kind, type) => {
          const pol: StitchingPolicy = { ...DEFAULT_POLICY, ...p };
          const input = { type, externalId: 'P-1', startedAt: new Date(START).toISOString() };
          const plan = chooseAutoStitch(cands as Candidate[], input, { kind, value: 'k' }, pol);
          const horizon = horizonOf(input.startedAt, pol);
          const eligible = cands.filter((c) => Date.parse(c.lastActivity) >= horizon && (pol.crossChannel || c.type === type));
          if (plan.kind === 'new') {
            const ambiguous = plan.warnings.some((w) => w.code === 'AMBIGUOUS_KEY');
            expect(eligible.length === 0 || ambiguous).toBe(true);
            if (ambiguous) expect(kind).not.toBe('EXTERNAL_ID');
            return;
          }
          expect(eligible.map((c) => c.id)).toContain(plan.candidate.id);
          expect(Math.max(...eligible.map((c) => Date.parse(c.lastActivity)))).toBe(Date.parse(plan.candidate.lastActivity));
          const gap = START - Date.parse(plan.candidate.lastActivity);
          expect(plan.reason).toBe(gap <= pol.windowSeconds * 1000 ? 'AUTO_STITCH' : 'GRACE_PERIOD');
        },
      ),
      runs,
    );
  });

  it('stitches on the policy’s key field only, and refuses a cross-channel parent only when cross-channel is off', () => {
    const kind = fc.constantFrom('EXTERNAL_ID' as const, 'PHONE_NUMBER' as const, 'EMAIL' as const);
    const value = fc.option(fc.constantFrom('CUST-1', '+14155550123', 'ann@example.com'), { nil: null });
    fc.assert(
      fc.property(
        kind,
        value,
        value,
        value,
        fc.boolean(),
        fc.constantFrom('VOICE', 'EMAIL'),
        fc.constantFrom('VOICE', 'EMAIL'),
        (k, ext, phone, email, cross, a, b) => {
          const pol: StitchingPolicy = { ...DEFAULT_POLICY, key: k, crossChannel: cross };
          const key = stitchKeyOf({ externalId: ext, phoneNumber: phone, email }, pol);
          const expected = { EXTERNAL_ID: ext, PHONE_NUMBER: phone, EMAIL: email }[k];
          expect(key).toEqual(expected ? { kind: k, value: expected } : null);
          expect(crossChannelRefusal({ type: a }, { type: b }, pol)?.code ?? null).toBe(
            !cross && a !== b ? 'CROSS_CHANNEL_DISABLED' : null,
          );
        },
      ),
      runs,
    );
  });
});

describe('composite patterns and cursors (properties)', () => {
  /** Patterns over a tiny alphabet that mean the same in RE2 and in JavaScript, catastrophic ones included. */
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '(a|b)', '(a+)', '(a*)', '(ab)');
  const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,3}')).map(([a, q]) => a + q);
  const pattern = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => `^${p.join('')}$`);

  it('match exactly what JavaScript matches in full, on short keys', () => {
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[ab!]{0,10}$/), (p, key) => {
        expect(matchesCompositePattern(p, key)).toBe(new RegExp(`^(?:${p})$`).test(key));
      }),
      runs,
    );
  });

  it('cursors round-trip what they carry and refuse anything else with BAD_USER_INPUT', () => {
    const sortKey = fc
      .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(sortKey, fc.string(), (k, id) => {
        if (/[\uD800-\uDFFF]/.test(id)) return;
        expect(decodeCursor('thread', encodeCursor('thread', k, id))).toEqual({ afterStartedAt: k, afterId: id });
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String()), (c) => returnsOrRefuses(() => decodeCursor('thread', c))),
      runs,
    );
  });
});
