import { ThreadEvent } from '../../src/events';
import { ofCustomer, ofThread } from '../../src/graphql/types/Subscription';

const event = (type: ThreadEvent['type'], data: Record<string, unknown>): ThreadEvent => ({
  id: 'evt_1',
  type,
  version: 1,
  occurredAt: '2026-11-21T10:00:00.000Z',
  tenant: 'acme',
  sequence: 1,
  data,
});

describe('which events a subscription hears', () => {
  it("threadUpdated: the thread's own events, the link that absorbs it, the detach that takes part of it", () => {
    const hears = ofThread('T1');
    expect(hears(event('interaction.created', { thread: { id: 'T1' } }))).toBe(true);
    expect(hears(event('interaction.created', { thread: { id: 'T2' } }))).toBe(false);
    expect(hears(event('interaction.linked', { thread: { id: 'T2' }, absorbedThreadId: 'T1' }))).toBe(true);
    expect(hears(event('interaction.detached', { thread: { id: 'T3' }, fromThread: { id: 'T1', status: 'CLOSED' } }))).toBe(true);
    expect(hears(event('interaction.detached', { thread: { id: 'T3' }, fromThread: { id: 'T2', status: 'OPEN' } }))).toBe(false);
    // Only a link names an absorbed thread, only a detach a thread it left.
    expect(hears(event('interaction.created', { thread: { id: 'T2' }, absorbedThreadId: 'T1', fromThread: { id: 'T1' } }))).toBe(false);
  });

  it("customerThreads: the customer's threads and the customer's interactions in another's thread", () => {
    const hears = ofCustomer('CUST-1');
    expect(hears(event('thread.closed', { thread: { id: 'T1', externalId: 'CUST-1' } }))).toBe(true);
    expect(hears(event('interaction.created', { thread: { id: 'T2', externalId: 'CUST-2' }, interaction: { externalId: 'CUST-1' } }))).toBe(
      true,
    );
    expect(hears(event('interaction.created', { thread: { id: 'T2', externalId: 'CUST-2' }, interaction: { externalId: 'CUST-2' } }))).toBe(
      false,
    );
  });
});
