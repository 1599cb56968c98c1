import { randomUUID } from 'node:crypto';
import { App } from '../../src/app';
import { codes, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { Writer } from '../support/stitch';

/** Every rule of the stitching engine, against the real Neo4j; each test in a tenant of its own. */
describe('the stitching engine', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function writer(policy?: Record<string, unknown>): Promise<Writer> {
    const w = new Writer(app, await tokenFor(uniqueTenant()));
    if (policy) await w.policy(policy);
    return w;
  }
  const id = () => randomUUID();

  describe('explicit parents', () => {
    it('attaches a child to its parent’s thread at depth 2, inheriting the parent’s externalId', async () => {
      const w = await writer();
      const voice = await w.created({ type: 'VOICE', externalId: 'CUST-1' });
      const chat = await w.created({ type: 'WEB_CHAT', threading: { parentInteractionId: voice.interaction.id } });
      expect(chat.stitch).toEqual({ parentId: voice.interaction.id, reason: 'EXPLICIT', warnings: [] });
      expect(chat.interaction).toMatchObject({
        depth: 2,
        externalId: 'CUST-1',
        stitchReason: 'EXPLICIT',
        parent: { id: voice.interaction.id },
      });
      expect(chat.thread.id).toBe(voice.thread.id);
    });

    it('refuses a parent that does not exist, or belongs to another tenant, with PARENT_NOT_FOUND', async () => {
      const w = await writer();
      const other = await writer();
      const foreign = await other.created({ type: 'VOICE', externalId: 'CUST-1' });
      const childId = id();
      expect(codes(await w.create({ id: childId, type: 'SMS', externalId: 'C', threading: { parentInteractionId: 'nope' } }))).toEqual([
        'PARENT_NOT_FOUND',
      ]);
      expect(
        codes(await w.create({ id: childId, type: 'SMS', externalId: 'C', threading: { parentInteractionId: foreign.interaction.id } })),
      ).toEqual(['PARENT_NOT_FOUND']);
      expect(await w.interaction(childId)).toBeNull();
    });
  });

  describe('depth', () => {
    it('refuses a child below maxDepth with MAX_DEPTH_EXCEEDED and writes nothing, when the policy says REFUSE', async () => {
      const w = await writer({ maxDepth: 3, atMaxDepth: 'REFUSE' });
      const a = await w.created({ type: 'VOICE', externalId: 'K' });
      const b = await w.created({ type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
      const c = await w.created({ type: 'VOICE', threading: { parentInteractionId: b.interaction.id } });
      expect(c.interaction.depth).toBe(3);
      const tooDeep = id();
      expect(codes(await w.create({ id: tooDeep, type: 'VOICE', threading: { parentInteractionId: c.interaction.id } }))).toEqual([
        'MAX_DEPTH_EXCEEDED',
      ]);
      expect(await w.interaction(tooDeep)).toBeNull();
    });

    it('refuses to link a child whose subtree would end up deeper than maxDepth', async () => {
      const w = await writer({ maxDepth: 4 });
      const a = await w.created({ type: 'VOICE', externalId: 'A' });
      const b = await w.created({ type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
      const x = await w.created({ type: 'VOICE', externalId: 'X' });
      const y = await w.created({ type: 'VOICE', threading: { parentInteractionId: x.interaction.id } });
      await w.created({ type: 'VOICE', threading: { parentInteractionId: y.interaction.id } });
      // b is at depth 2 and x's subtree is 3 high: 2 + 3 = 5 > 4.
      expect(codes(await w.link(x.interaction.id, b.interaction.id))).toEqual(['MAX_DEPTH_EXCEEDED']);
      expect((await w.interaction(x.interaction.id))!.parent).toBeNull();
      // under a (depth 1) it fits: 1 + 3 = 4, and the whole subtree moves into a's thread.
      const linked = await w.link(x.interaction.id, a.interaction.id);
      expect(linked.errors).toBeUndefined();
      expect(linked.data!.linkInteraction).toMatchObject({ depth: 2, parent: { id: a.interaction.id }, thread: { id: a.thread.id } });
      expect(await w.interaction(y.interaction.id)).toMatchObject({ depth: 3, thread: { id: a.thread.id } });
    });
  });

  describe('cycles and second parents', () => {
    it('refuses a link that would make an interaction its own ancestor with CYCLE_DETECTED', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'A' });
      const b = await w.created({ type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
      const c = await w.created({ type: 'VOICE', threading: { parentInteractionId: b.interaction.id } });
      expect(codes(await w.link(a.interaction.id, c.interaction.id))).toEqual(['CYCLE_DETECTED']);
      expect(codes(await w.link(a.interaction.id, a.interaction.id))).toEqual(['CYCLE_DETECTED']);
      expect((await w.interaction(a.interaction.id))!.parent).toBeNull();
    });

    it('treats relinking to the same parent as a no-op and refuses a second parent with ALREADY_PARENTED', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'A' });
      const other = await w.created({ type: 'VOICE', externalId: 'B' });
      const b = await w.created({ type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
      const again = await w.link(b.interaction.id, a.interaction.id);
      expect(again.errors).toBeUndefined();
      expect(again.data!.linkInteraction).toMatchObject({ id: b.interaction.id, depth: 2, parent: { id: a.interaction.id } });
      expect(codes(await w.link(b.interaction.id, other.interaction.id))).toEqual(['ALREADY_PARENTED']);
      expect((await w.interaction(b.interaction.id))!.parent).toEqual({ id: a.interaction.id });
    });

    it('writes nothing at all when relinking to the same parent', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'A' });
      const b = await w.created({ type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
      const { linkInteraction } = await import('../../src/stitching');
      const tenant = (JSON.parse(Buffer.from(w.token.split('.')[1]!, 'base64url').toString()) as { tenant: string }).tenant;
      const session = app.db.driver.session({ database: app.db.name });
      try {
        const before = await session.run(
          'MATCH (t:Thread {tenant: $tenant}) RETURN t.updatedAt AS u, count { (:Interaction {tenant: $tenant})-[:PARENT_OF]->() } AS edges',
          { tenant },
        );
        await linkInteraction(app.db.forTenant(tenant), b.interaction.id, a.interaction.id);
        const after = await session.run(
          'MATCH (t:Thread {tenant: $tenant}) RETURN t.updatedAt AS u, count { (:Interaction {tenant: $tenant})-[:PARENT_OF]->() } AS edges',
          { tenant },
        );
        expect(after.records[0]!.get('edges')).toEqual(before.records[0]!.get('edges'));
        expect(after.records[0]!.get('u').toString()).toBe(before.records[0]!.get('u').toString());
      } finally {
        await session.close();
      }
    });
  });

  describe('orphans', () => {
    it('refuses an interaction with neither key nor parent with ORPHAN_REJECTED', async () => {
      const w = await writer();
      const orphan = id();
      expect(codes(await w.create({ id: orphan, type: 'EMAIL' }))).toEqual(['ORPHAN_REJECTED']);
      expect(await w.interaction(orphan)).toBeNull();
    });

    it('accepts it as a thread of its own when the policy allows orphans', async () => {
      const w = await writer({ rejectOrphans: false });
      const r = await w.created({ type: 'EMAIL' });
      expect(r.stitch.reason).toBe('NEW_THREAD');
      expect(r.interaction.depth).toBe(1);
    });
  });

  describe('cross-channel off', () => {
    it('never auto-stitches different channels, and refuses an explicit cross-channel link', async () => {
      const w = await writer({ crossChannel: false });
      const voice = await w.created({ type: 'VOICE', externalId: 'CUST-9' });
      const chat = await w.created({ type: 'WEB_CHAT', externalId: 'CUST-9' });
      expect(chat.stitch.reason).toBe('NEW_THREAD');
      expect(chat.stitch.warnings.map((x: { code: string }) => x.code)).toEqual(['CROSS_CHANNEL_SKIPPED']);
      expect(chat.thread.id).not.toBe(voice.thread.id);
      const voice2 = await w.created({ type: 'VOICE', externalId: 'CUST-9' });
      expect(voice2.stitch).toMatchObject({ parentId: voice.interaction.id, reason: 'AUTO_STITCH' });
      expect(codes(await w.create({ type: 'SMS', threading: { parentInteractionId: voice.interaction.id } }))).toEqual([
        'CROSS_CHANNEL_DISABLED',
      ]);
      expect(codes(await w.link(chat.interaction.id, voice.interaction.id))).toEqual(['CROSS_CHANNEL_DISABLED']);
    });
  });

  describe('auto-stitch by key and time window', () => {
    it('attaches to the customer’s most recent interaction within the window', async () => {
      const w = await writer();
      const first = await w.created({ type: 'VOICE', externalId: 'CUST-992834', startedAt: '2026-10-01T10:00:00Z' });
      const second = await w.created({ type: 'EMAIL', externalId: 'CUST-992834', startedAt: '2026-10-03T10:00:00Z' });
      const third = await w.created({ type: 'SMS', externalId: 'CUST-992834', startedAt: '2026-10-05T10:00:00Z' });
      expect(second.stitch).toEqual({ parentId: first.interaction.id, reason: 'AUTO_STITCH', warnings: [] });
      expect(third.stitch.parentId).toBe(second.interaction.id);
      expect(third.interaction.depth).toBe(3);
      const stranger = await w.created({ type: 'SMS', externalId: 'CUST-OTHER', startedAt: '2026-10-05T10:00:00Z' });
      expect(stranger.stitch.reason).toBe('NEW_THREAD');
    });

    it('under a 24-hour window, stitches 24 h 4 min later only thanks to the grace period, and not 24 h 6 min later', async () => {
      const policy = { windowSeconds: 86400, gracePeriodSeconds: 300 };
      const w = await writer(policy);
      const late = await w.created({ type: 'VOICE', externalId: 'CUST-B', startedAt: '2026-10-01T23:59:00Z' });
      await w.end(late.interaction.id, { endedAt: '2026-10-01T23:59:00Z' });
      const next = await w.created({ type: 'VOICE', externalId: 'CUST-B', startedAt: '2026-10-03T00:03:00Z' });
      expect(next.stitch).toMatchObject({ parentId: late.interaction.id, reason: 'GRACE_PERIOD' });

      const w2 = await writer(policy);
      const late2 = await w2.created({ type: 'VOICE', externalId: 'CUST-B', startedAt: '2026-10-01T23:59:00Z' });
      await w2.end(late2.interaction.id, { endedAt: '2026-10-01T23:59:00Z' });
      const tooLate = await w2.created({ type: 'VOICE', externalId: 'CUST-B', startedAt: '2026-10-03T00:05:00Z' });
      expect(tooLate.stitch).toMatchObject({ parentId: null, reason: 'NEW_THREAD' });
    });

    it('under the README’s default policy (604800 s window, 300 s grace), stitches at 7 d 4 min only by grace, not at 7 d 6 min', async () => {
      // The README's defaults as literals: 7 days is 2026-10-01T12:00Z to 2026-10-08T12:00Z, plus 300 s of grace.
      const runs = [
        ['2026-10-08T11:59:00Z', 'AUTO_STITCH'],
        ['2026-10-08T12:04:00Z', 'GRACE_PERIOD'],
        ['2026-10-08T12:06:00Z', 'NEW_THREAD'],
      ] as const;
      for (const [startedAt, reason] of runs) {
        const w = await writer();
        const first = await w.created({ type: 'VOICE', externalId: 'CUST-DEFAULTS', startedAt: '2026-10-01T11:00:00Z' });
        await w.end(first.interaction.id, { endedAt: '2026-10-01T12:00:00Z' });
        const next = await w.created({ type: 'VOICE', externalId: 'CUST-DEFAULTS', startedAt });
        expect({ startedAt, reason: next.stitch.reason }).toEqual({ startedAt, reason });
      }
    });

    it('compares instants, not local times: the same boundary written with different UTC offsets', async () => {
      const w = await writer({ windowSeconds: 86400, gracePeriodSeconds: 300 });
      // 23:59 in Paris (+01:00) is 22:59 UTC.
      const a = await w.created({ type: 'VOICE', externalId: 'CUST-TZ', startedAt: '2026-11-01T23:59:00+01:00' });
      await w.end(a.interaction.id, { endedAt: '2026-11-01T23:59:00+01:00' });
      // 24 h 4 min later, written in New York time (-05:00): 2026-11-02T23:03 UTC.
      const b = await w.created({ type: 'VOICE', externalId: 'CUST-TZ', startedAt: '2026-11-02T18:03:00-05:00' });
      expect(b.stitch.reason).toBe('GRACE_PERIOD');
      expect(b.interaction.startedAt).toBe('2026-11-02T23:03:00.000Z');
      // 24 h 6 min after a, written in Tokyo time (+09:00): 2026-11-02T23:05 UTC is past the grace.
      const w2 = await writer({ windowSeconds: 86400, gracePeriodSeconds: 300 });
      const c = await w2.created({ type: 'VOICE', externalId: 'CUST-TZ', startedAt: '2026-11-01T22:59:00Z' });
      await w2.end(c.interaction.id, { endedAt: '2026-11-01T22:59:00Z' });
      const d = await w2.created({ type: 'VOICE', externalId: 'CUST-TZ', startedAt: '2026-11-03T08:05:00+09:00' });
      expect(d.stitch.reason).toBe('NEW_THREAD');
    });

    it('measures the window from the end of the last interaction: a long one that ended recently still stitches', async () => {
      const w = await writer({ windowSeconds: 86400, gracePeriodSeconds: 0 });
      // An email case open for three days, closed an hour before the customer writes again.
      const long = await w.created({ type: 'EMAIL', externalId: 'CUST-LONG', startedAt: '2026-10-01T10:00:00Z' });
      await w.end(long.interaction.id, { endedAt: '2026-10-04T09:00:00Z' });
      const next = await w.created({ type: 'SMS', externalId: 'CUST-LONG', startedAt: '2026-10-04T10:00:00Z' });
      expect(next.stitch).toMatchObject({ parentId: long.interaction.id, reason: 'AUTO_STITCH' });
    });

    it('refuses a date-time without an offset', async () => {
      const w = await writer();
      expect(codes(await w.create({ type: 'VOICE', externalId: 'X', startedAt: '2026-11-01T23:59:00' }))).toEqual(['BAD_USER_INPUT']);
    });

    it('attaches to the nearest ancestor with room when the most recent interaction is at maxDepth', async () => {
      const w = await writer({ maxDepth: 2 });
      const a = await w.created({ type: 'VOICE', externalId: 'CUST-D', startedAt: '2026-10-01T10:00:00Z' });
      const b = await w.created({ type: 'VOICE', externalId: 'CUST-D', startedAt: '2026-10-01T11:00:00Z' });
      expect(b.interaction.depth).toBe(2);
      const c = await w.created({ type: 'VOICE', externalId: 'CUST-D', startedAt: '2026-10-01T12:00:00Z' });
      expect(c.stitch.parentId).toBe(a.interaction.id);
      expect(c.stitch.warnings.map((x: { code: string }) => x.code)).toEqual(['MAX_DEPTH_REACHED']);
      expect(c.thread.id).toBe(a.thread.id);
    });

    it('takes the nearest ancestor with room, not the root, when the thread is deeper than two', async () => {
      const w = await writer({ maxDepth: 4 });
      const chain: string[] = [];
      for (const hour of [10, 11, 12, 13]) {
        const r = await w.created({ type: 'VOICE', externalId: 'CUST-N', startedAt: `2026-10-01T${hour}:00:00Z` });
        expect(r.interaction.depth).toBe(chain.length + 1);
        chain.push(r.interaction.id);
      }
      const next = await w.created({ type: 'VOICE', externalId: 'CUST-N', startedAt: '2026-10-01T14:00:00Z' });
      expect(next.stitch.parentId).toBe(chain[2]);
      expect(next.interaction.depth).toBe(4);
      expect(next.stitch.warnings.map((x: { code: string }) => x.code)).toEqual(['MAX_DEPTH_REACHED']);
    });
  });

  describe('CRM thread ids', () => {
    it('creates a thread carrying the CRM’s id, then joins it under its most recent interaction', async () => {
      const w = await writer();
      const first = await w.created({ type: 'EMAIL', externalId: 'C1', threading: { threadId: 'THREAD-992834-20231027' } });
      expect(first.stitch.reason).toBe('THREAD_ID');
      expect(first.thread.externalThreadId).toBe('THREAD-992834-20231027');
      const second = await w.created({ type: 'EMAIL', externalId: 'C1', threading: { threadId: 'THREAD-992834-20231027' } });
      expect(second.stitch).toMatchObject({ parentId: first.interaction.id, reason: 'THREAD_ID' });
      expect(second.thread.id).toBe(first.thread.id);
    });

    it('joins a CRM thread of several interactions under its most recent one, not its first', async () => {
      const w = await writer();
      const crm = { threadId: 'THREAD-SEVERAL' };
      const x1 = await w.created({ type: 'EMAIL', externalId: 'C1', threading: crm, startedAt: '2026-10-01T10:00:00Z' });
      const under = { parentInteractionId: x1.interaction.id };
      await w.created({ type: 'EMAIL', threading: under, startedAt: '2026-10-01T11:00:00Z' });
      const x3 = await w.created({ type: 'EMAIL', threading: under, startedAt: '2026-10-01T12:00:00Z' });
      const x4 = await w.created({ type: 'EMAIL', externalId: 'C1', threading: crm, startedAt: '2026-10-01T13:00:00Z' });
      expect(x4.stitch).toMatchObject({ parentId: x3.interaction.id, reason: 'THREAD_ID' });
      expect(x4.interaction.depth).toBe(3);
    });
  });

  describe('CRM thread ids and links', () => {
    it('refuses to link two threads that belong to different CRM threads with THREAD_ID_CONFLICT', async () => {
      const w = await writer();
      const x = await w.created({ type: 'EMAIL', externalId: 'C1', threading: { threadId: 'CRM-X' } });
      const y = await w.created({ type: 'EMAIL', externalId: 'C2', threading: { threadId: 'CRM-Y' } });
      expect(codes(await w.link(x.interaction.id, y.interaction.id))).toEqual(['THREAD_ID_CONFLICT']);
      // a thread without a CRM id can still join one, which keeps its id
      const z = await w.created({ type: 'EMAIL', externalId: 'C3' });
      expect((await w.link(z.interaction.id, y.interaction.id)).errors).toBeUndefined();
      expect((await w.interaction(z.interaction.id))!.thread.externalThreadId).toBe('CRM-Y');
    });
  });

  describe('phone numbers and emails', () => {
    it('normalizes phone numbers to E.164 before matching', async () => {
      const w = await writer({ key: 'PHONE_NUMBER' });
      const a = await w.created({ type: 'VOICE', phoneNumber: '+1 (415) 555-0123', externalId: 'CUST-P' });
      expect(a.interaction.phoneNumber).toBe('+14155550123');
      const b = await w.created({ type: 'SMS', phoneNumber: '+14155550123' });
      expect(b.stitch).toMatchObject({ parentId: a.interaction.id, reason: 'AUTO_STITCH' });
      expect(codes(await w.create({ type: 'SMS', phoneNumber: '555-0123' }))).toEqual(['BAD_USER_INPUT']);
    });

    it('never merges two people sharing a number: AMBIGUOUS_KEY and a new thread', async () => {
      const w = await writer({ key: 'PHONE_NUMBER' });
      const mum = await w.created({ type: 'VOICE', phoneNumber: '+447911123456', externalId: 'PATIENT-1' });
      const son = await w.created({ type: 'VOICE', phoneNumber: '+44 7911 123456', externalId: 'PATIENT-2' });
      expect(son.stitch.reason).toBe('NEW_THREAD');
      expect(son.stitch.warnings.map((x: { code: string }) => x.code)).toEqual(['AMBIGUOUS_KEY']);
      expect(son.thread.id).not.toBe(mum.thread.id);
      // Now two people share the number within the window: even a contact without an id is not stitched.
      const unknown = await w.created({ type: 'SMS', phoneNumber: '+447911123456' });
      expect(unknown.stitch.reason).toBe('NEW_THREAD');
      expect(unknown.stitch.warnings.map((x: { code: string }) => x.code)).toEqual(['AMBIGUOUS_KEY']);
    });

    it('lower-cases emails before matching', async () => {
      const w = await writer({ key: 'EMAIL' });
      const a = await w.created({ type: 'EMAIL', email: 'Jane.Doe@Example.COM' });
      const b = await w.created({ type: 'EMAIL', email: 'jane.doe@example.com' });
      expect(a.interaction.email).toBe('jane.doe@example.com');
      expect(b.stitch.parentId).toBe(a.interaction.id);
    });
  });

  describe('composite keys (B2B hierarchies)', () => {
    it('refuses an externalId that does not match the composite pattern with INVALID_EXTERNAL_ID', async () => {
      const w = await writer({ key: 'COMPOSITE' });
      expect(codes(await w.create({ type: 'EMAIL', externalId: 'ACCT-100' }))).toEqual(['INVALID_EXTERNAL_ID']);
    });

    it('never lets two entities of one parent account share a thread', async () => {
      const w = await writer({ key: 'COMPOSITE' });
      const acme = await w.created({ type: 'EMAIL', externalId: 'ACCT-100-CUST-200' });
      const logistics = await w.created({ type: 'EMAIL', externalId: 'ACCT-100-CUST-201' });
      const acmeAgain = await w.created({ type: 'VOICE', externalId: 'ACCT-100-CUST-200' });
      expect(logistics.stitch.reason).toBe('NEW_THREAD');
      expect(logistics.thread.id).not.toBe(acme.thread.id);
      expect(acmeAgain.stitch.parentId).toBe(acme.interaction.id);
    });
  });

  describe('the thread lifecycle (the zombie thread)', () => {
    it('keeps a transferred parent TRANSFERRED until its child ends, then completes both and closes the thread once', async () => {
      const w = await writer();
      const voice = await w.created({ type: 'VOICE', externalId: 'CUST-Z', startedAt: '2026-11-01T10:00:00Z' });
      const transfer = await w.transfer(voice.interaction.id, {
        type: 'WEB_CHAT',
        participants: [{ id: 'agent-2', role: 'AGENT' }],
        startedAt: '2026-11-01T10:05:00Z',
      });
      expect(transfer.errors).toBeUndefined();
      const chat = transfer.data!.transferInteraction;
      expect(chat.stitch).toEqual({ parentId: voice.interaction.id, reason: 'TRANSFER', warnings: [] });
      expect(chat.interaction.externalId).toBe('CUST-Z');
      expect((await w.interaction(voice.interaction.id))!.state).toBe('TRANSFERRED');

      const endVoice = await w.end(voice.interaction.id, { endedAt: '2026-11-01T10:06:00Z' });
      expect(endVoice.data!.endInteraction).toMatchObject({ state: 'TRANSFERRED', thread: { status: 'OPEN', closedAt: null } });

      const endChat = await w.end(chat.interaction.id, { endedAt: '2026-11-01T10:30:00+00:00' });
      expect(endChat.data!.endInteraction).toMatchObject({
        state: 'COMPLETED',
        thread: { status: 'CLOSED', closedAt: '2026-11-01T10:30:00.000Z' },
      });
      expect((await w.interaction(voice.interaction.id))!.state).toBe('COMPLETED');

      // A retried end changes nothing, and the thread keeps its closing time.
      const again = await w.end(chat.interaction.id, { endedAt: '2026-11-01T11:00:00Z' });
      expect(again.data!.endInteraction).toMatchObject({
        endedAt: '2026-11-01T10:30:00.000Z',
        thread: { closedAt: '2026-11-01T10:30:00.000Z' },
      });
    });

    it('keeps every ended ancestor pending while a descendant any number of levels below is live', async () => {
      const w = await writer();
      const voice = await w.created({ type: 'VOICE', externalId: 'CUST-Z3' });
      const chat = (await w.transfer(voice.interaction.id, { type: 'WEB_CHAT' })).data!.transferInteraction;
      const email = (await w.transfer(chat.interaction.id, { type: 'EMAIL' })).data!.transferInteraction;
      await w.end(voice.interaction.id);
      await w.end(chat.interaction.id);
      // The grandparent's only child has ended, but its grandchild is live.
      expect((await w.interaction(voice.interaction.id))!.state).toBe('TRANSFERRED');
      expect((await w.interaction(chat.interaction.id))!.state).toBe('TRANSFERRED');
      expect((await w.interaction(voice.interaction.id))!.thread.status).toBe('OPEN');
      expect((await w.end(email.interaction.id)).data!.endInteraction).toMatchObject({ state: 'COMPLETED', thread: { status: 'CLOSED' } });
      expect((await w.interaction(voice.interaction.id))!.state).toBe('COMPLETED');
    });

    it('puts an ended parent on HOLD while a follow-up child is live', async () => {
      const w = await writer();
      const a = await w.created({ type: 'EMAIL', externalId: 'CUST-H' });
      const b = await w.created({ type: 'EMAIL', externalId: 'CUST-H' });
      expect(b.stitch.parentId).toBe(a.interaction.id);
      expect((await w.end(a.interaction.id)).data!.endInteraction).toMatchObject({ state: 'HOLD', thread: { status: 'OPEN' } });
      expect((await w.end(b.interaction.id)).data!.endInteraction).toMatchObject({ state: 'COMPLETED', thread: { status: 'CLOSED' } });
      expect((await w.interaction(a.interaction.id))!.state).toBe('COMPLETED');
    });

    it('reopens a CLOSED thread when an interaction is stitched into it', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'CUST-R' });
      await w.end(a.interaction.id);
      expect((await w.interaction(a.interaction.id))!.thread.status).toBe('CLOSED');
      const b = await w.created({ type: 'SMS', externalId: 'CUST-R' });
      expect(b.stitch.parentId).toBe(a.interaction.id);
      expect(b.thread).toMatchObject({ id: a.thread.id, status: 'OPEN', closedAt: null });
    });

    it('refuses to transfer an ended interaction, or one that does not exist', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'CUST-E' });
      await w.end(a.interaction.id);
      expect(codes(await w.transfer(a.interaction.id, { type: 'WEB_CHAT' }))).toEqual(['INTERACTION_ENDED']);
      expect(codes(await w.transfer('nope', { type: 'WEB_CHAT' }))).toEqual(['INTERACTION_NOT_FOUND']);
      expect(codes(await w.end('nope'))).toEqual(['INTERACTION_NOT_FOUND']);
    });

    it('refuses an end before the start', async () => {
      const w = await writer();
      const a = await w.created({ type: 'VOICE', externalId: 'CUST-E', startedAt: '2026-11-01T10:00:00Z' });
      expect(codes(await w.end(a.interaction.id, { endedAt: '2026-11-01T09:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
      expect((await w.interaction(a.interaction.id))!.endedAt).toBeNull();
    });
  });

  describe('idempotency', () => {
    it('returns the first result for a retry with the same key, and creates nothing', async () => {
      const w = await writer();
      const input = { type: 'EMAIL', externalId: 'CUST-I', metadata: { channel: 'EMAIL', subject: 'Order Issue' } };
      const first = await w.created(input, 'key-1');
      const retry = await w.created(input, 'key-1');
      expect(retry.replayed).toBe(true);
      expect(retry.interaction.id).toBe(first.interaction.id);
      expect(retry.stitch).toEqual(first.stitch);
      const third = await w.created({ ...input }, 'key-2');
      expect(third.stitch.parentId).toBe(first.interaction.id); // only one interaction was there to stitch to
    });

    it('refuses the same key with a different payload with IDEMPOTENCY_KEY_REUSED', async () => {
      const w = await writer();
      await w.created({ type: 'EMAIL', externalId: 'CUST-I' }, 'key-1');
      expect(codes(await w.create({ type: 'EMAIL', externalId: 'CUST-J' }, 'key-1'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    });

    it('creates one interaction when twenty clients send the same client-chosen id at once', async () => {
      const w = await writer();
      const clientId = `crm-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => w.created({ id: clientId, type: 'SMS', externalId: 'CUST-RACE' })),
      );
      expect(new Set(results.map((r) => r.interaction.id))).toEqual(new Set([clientId]));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      const next = await w.created({ type: 'SMS', externalId: 'CUST-RACE' });
      expect(next.stitch.parentId).toBe(clientId);
    });

    it('records the first result on a new key that arrives with a replayed id, so the key cannot be reused', async () => {
      const w = await writer();
      const clientId = `crm-${randomUUID()}`;
      await w.created({ id: clientId, type: 'SMS', externalId: 'CUST-L' });
      expect((await w.created({ id: clientId, type: 'SMS', externalId: 'CUST-L' }, 'late-key')).replayed).toBe(true);
      expect(codes(await w.create({ type: 'VOICE', externalId: 'CUST-OTHER' }, 'late-key'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    });

    it('replays a key recorded before keys kept the id of the interaction they made', async () => {
      const w = await writer();
      const input = { type: 'EMAIL', externalId: 'CUST-OLD' };
      const first = await w.created(input, 'old-key');
      const tenant = (JSON.parse(Buffer.from(w.token.split('.')[1]!, 'base64url').toString()) as { tenant: string }).tenant;
      await app.db.runRaw('MATCH (k:IdempotencyKey {tenant: $tenant, key: $key}) REMOVE k.interactionId', { tenant, key: 'key:old-key' });
      const retry = await w.created(input, 'old-key');
      expect(retry).toMatchObject({ replayed: true, interaction: { id: first.interaction.id }, thread: { id: first.thread.id } });
      expect(retry.stitch).toEqual(first.stitch);
    });

    it('treats a client-chosen id as an idempotency key', async () => {
      const w = await writer();
      const clientId = `crm-${randomUUID()}`;
      const first = await w.created({ id: clientId, type: 'SMS', externalId: 'CUST-K' });
      const retry = await w.created({ id: clientId, type: 'SMS', externalId: 'CUST-K' });
      expect(retry).toMatchObject({ replayed: true, interaction: { id: clientId } });
      expect(first.replayed).toBe(false);
      expect(codes(await w.create({ id: clientId, type: 'VOICE', externalId: 'CUST-K' }))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    });
  });

  it('refuses writes without the interaction:write scope with FORBIDDEN', async () => {
    const w = new Writer(app, await tokenFor(uniqueTenant(), 'interaction:read'));
    expect(codes(await w.create({ type: 'VOICE', externalId: 'X' }))).toEqual(['FORBIDDEN']);
    expect(codes(await w.link('a', 'b'))).toEqual(['FORBIDDEN']);
    expect(codes(await w.end('a'))).toEqual(['FORBIDDEN']);
  });
});
