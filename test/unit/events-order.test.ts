import { PendingEventRow } from '../../src/cypher';
import { planSequence } from '../../src/events';

const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s)).toISOString();
const ev = (id: string, threadId: string, threadSeq: number, second: number, over: Partial<PendingEventRow> = {}): PendingEventRow => ({
  tenant: 'acme',
  id,
  threadId,
  threadSeq,
  occurredAt: at(second),
  type: 'interaction.created',
  ageMs: 0,
  stale: false,
  prev: threadSeq === 1 ? null : { id: null, sequenced: false },
  after: null,
  ...over,
});
const after = (id: string) => ({ id, sequenced: false });
const done = { id: 'earlier', sequenced: true };

describe('planSequence: which pending events get numbers, in which order', () => {
  it('numbers events oldest first, grouped by tenant', () => {
    const plan = planSequence([ev('b', 'T2', 1, 2), ev('a', 'T1', 1, 1), ev('c', 'T3', 1, 3, { tenant: 'other' })]);
    expect(plan.batches).toEqual([
      { tenant: 'acme', ids: ['a', 'b'] },
      { tenant: 'other', ids: ['c'] },
    ]);
  });

  it('keeps each thread’s order even when a later event carries an earlier clock', () => {
    // Statement clocks are read before the thread lock: the second writer may carry the earlier time.
    const plan = planSequence([ev('t1-2', 'T1', 2, 1, { prev: after('t1-1') }), ev('t1-1', 'T1', 1, 5)]);
    expect(plan.batches[0]!.ids).toEqual(['t1-1', 't1-2']);
  });

  it('holds back an event whose predecessor is not visible yet, and everything after it in its thread', () => {
    const plan = planSequence([
      ev('x3', 'T1', 3, 1, { prev: { id: null, sequenced: false } }),
      ev('x4', 'T1', 4, 2, { prev: after('x3') }),
      ev('y1', 'T2', 1, 3),
    ]);
    expect(plan.batches).toEqual([{ tenant: 'acme', ids: ['y1'] }]);
  });

  it('numbers an event whose predecessor is already numbered, or, once stale, one that never became visible', () => {
    const plan = planSequence([ev('x2', 'T1', 2, 1, { prev: done }), ev('z9', 'T3', 9, 2, { stale: true })]);
    expect(plan.batches[0]!.ids).toEqual(['x2', 'z9']);
    expect(plan.gaveUpWaiting).toEqual(['z9']);
  });

  it('numbers a link after the absorbed thread’s last event', () => {
    const plan = planSequence([
      ev('link', 'PARENT', 3, 1, { prev: done, after: after('child-last') }),
      ev('child-last', 'CHILD', 2, 4, { prev: done }),
    ]);
    expect(plan.batches[0]!.ids).toEqual(['child-last', 'link']);
    expect(planSequence([ev('link', 'PARENT', 3, 1, { prev: done, after: { id: null, sequenced: false } })]).batches).toEqual([]);
  });
});
