import { randomUUID } from 'node:crypto';
import {
  BatchClaim,
  BatchRow,
  BatchThread,
  BatchThreadUpdate,
  BatchUpdate,
  ClaimedCandidate,
  ClaimedCrmThread,
  ClaimedParent,
  RoomyInteraction,
} from '../cypher';
import { RetryableConflict } from '../errors';
import { Channel, STITCH_KEY_FIELD } from '../model';
import { CreatePlan, horizonOf, NewInteraction, StitchingPolicy } from '../stitching';
import { settleThread } from './lifecycle';
import { asRecord, asThreadRecord, lastActivityOf, SimInteraction, SimThread, simMember, simThread } from './model';
import { ImportRecord, RecordEnd } from './record';

/** How many of a key's most recent interactions the auto-stitch looks at (createInteraction's SCAN_LIMIT). */
export const SCAN_LIMIT = 50;

type Claim = BatchClaim;

/** One of a key's interactions: read by claim-batch (maybe outside the locked threads) or made by the batch. */
interface KeyEntry {
  id: string;
  startMs: number;
  /** Its last activity when read; only looked at for entries whose thread was not locked. */
  lastActivity: string;
  sim: SimInteraction | null;
}

/** What a new interaction carries besides its place in the graph. */
interface Fresh {
  record: ImportRecord;
  stitchResult: string;
}

/**
 * The threads claim-batch locked and read, as the batch's records are replayed against them: it
 * answers the plan functions' questions exactly as claim-create's rows would at that point of the
 * replay (the named parent, the CRM thread, the key's candidates), applies their plans and ends, and
 * finally says what to write.
 */
export class BatchWorld {
  readonly threads = new Map<string, SimThread>();
  readonly interactions = new Map<string, SimInteraction>();
  private readonly keys = new Map<string, KeyEntry[]>();
  private readonly crm = new Map<string, string>();
  private readonly fresh = new Map<string, Fresh>();
  private readonly created: SimInteraction[] = [];
  private readonly newThreads: SimThread[] = [];
  private readonly field: 'externalId' | 'phoneNumber' | 'email';

  constructor(
    readonly policy: StitchingPolicy,
    claim: Claim,
  ) {
    this.field = STITCH_KEY_FIELD[policy.key];
    const locked = new Set(claim.locked);
    for (const { thread, members } of claim.threads) {
      const sims = members.map(simMember);
      const t = simThread(thread, sims);
      this.threads.set(t.id, t);
      for (const m of sims) this.interactions.set(m.id, m);
      if (t.externalThreadId) this.crm.set(t.externalThreadId, t.id);
    }
    for (const m of this.interactions.values()) {
      if (m.parentId !== null) this.interactions.get(m.parentId)?.children.push(m);
    }
    // Whatever the batch decides on must be in a locked thread; otherwise it moved between the read and the lock.
    const moved = [...claim.parents, ...claim.ending].filter(
      (x) => !locked.has(x.threadId) || this.interactions.get(x.id)?.threadId !== x.threadId,
    );
    const crmMoved = claim.holders.filter(
      (hld) => hld.threadId !== null && (!locked.has(hld.threadId) || this.crm.get(hld.crm) !== hld.threadId),
    );
    for (const k of claim.keyed) {
      const entries = k.recent.map((r): KeyEntry => {
        const sim = this.interactions.get(r.id) ?? null;
        if (r.lastActivity >= k.horizon && (sim === null || sim.threadId !== r.threadId)) moved.push({ id: r.id, threadId: r.threadId });
        return { id: r.id, startMs: Date.parse(r.startedAt), lastActivity: r.lastActivity, sim };
      });
      this.keys.set(k.value, entries);
    }
    if (moved.length > 0 || crmMoved.length > 0) {
      throw new RetryableConflict(
        `an interaction of the batch moved while its threads were being locked (${[...moved.map((m) => m.id), ...crmMoved.map((c) => c.crm)][0]})`,
      );
    }
  }

  has(id: string): boolean {
    return this.interactions.has(id);
  }

  /** claim-create's `parent` row for a named parent, as it stands now (null: not found). */
  claimedParent(parentId: string, input: NewInteraction): ClaimedParent | null {
    const target = this.interactions.get(parentId);
    if (!target) return null;
    const thread = this.threadOf(target);
    return {
      stable: true,
      target: asRecord(target),
      roomy: this.roomyFrom(target, input.type),
      thread: asThreadRecord(thread),
      size: thread.members.length,
    };
  }

  /** claim-create's `crmThread` row: the thread holding the CRM thread id, its size, its latest member with room. */
  claimedCrmThread(crmId: string, input: NewInteraction): ClaimedCrmThread | null {
    const holder = this.crm.get(crmId);
    if (holder === undefined) return null;
    const thread = this.threads.get(holder)!;
    const members = [...thread.members].sort((a, b) => b.startMs - a.startMs || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
    const allowed = members.filter((m) => this.policy.crossChannel || m.type === input.type);
    const roomy = allowed.find((m) => m.depth < this.policy.maxDepth);
    return {
      stable: true,
      thread: asThreadRecord(thread),
      size: members.length,
      allowedChannel: allowed.length,
      roomy: roomy ? roomyOf(roomy) : null,
    };
  }

  /**
   * claim-create's `candidates` for the key `value`: its SCAN_LIMIT most recent interactions started
   * by the new start, those last active within the horizon, each with its thread's facts and its
   * nearest ancestor-or-self with room.
   */
  claimedCandidates(value: string, input: NewInteraction): ClaimedCandidate[] {
    const start = Date.parse(input.startedAt);
    const horizon = new Date(horizonOf(input.startedAt, this.policy)).toISOString();
    const entries = (this.keys.get(value) ?? [])
      .filter((e) => e.startMs <= start)
      .sort((a, b) => b.startMs - a.startMs)
      .slice(0, SCAN_LIMIT);
    const out: ClaimedCandidate[] = [];
    for (const e of entries) {
      const last = e.sim ? lastActivityOf(e.sim) : e.lastActivity;
      if (last < horizon) continue;
      if (!e.sim) throw new RetryableConflict(`candidate ${e.id} is recent but its thread was not locked`);
      const c = e.sim;
      const thread = this.threadOf(c);
      out.push({
        candidate: { id: c.id, type: c.type, externalId: c.externalId, depth: c.depth, threadId: c.threadId, lastActivity: last },
        stable: true,
        threadSize: thread.members.length,
        threadContinues: thread.continuesThreadId,
        threadCrmId: thread.externalThreadId,
        roomy: this.roomyFrom(c, input.type),
      });
    }
    return out;
  }

  /** Applies a create's plan: the new interaction under its parent, or the root of a new thread. */
  create(record: ImportRecord, plan: CreatePlan): SimInteraction {
    const input = record.input;
    const parent = plan.parentId === null ? null : this.interactions.get(plan.parentId);
    if (parent === undefined) throw new Error(`plan names parent ${plan.parentId}, which the batch does not hold`);
    let thread: SimThread;
    if (parent) {
      thread = this.threadOf(parent);
      if (thread.status === 'CLOSED') {
        thread.status = 'OPEN';
        thread.closedAt = null;
        thread.reopenedAt = input.startedAt;
      }
      if (!thread.channels.includes(input.type)) thread.channels.push(input.type);
      if (input.startedAt < thread.startedAt) thread.startedAt = input.startedAt;
      thread.changed = true;
    } else {
      thread = {
        id: randomUUID(),
        rootId: input.id,
        externalId: plan.externalId,
        externalThreadId: plan.externalThreadId,
        continuesThreadId: plan.continuesThreadId,
        status: 'OPEN',
        startedAt: input.startedAt,
        closedAt: null,
        channels: [input.type],
        reopenedAt: null,
        members: [],
        fresh: true,
        changed: false,
        dropExternalThreadId: false,
      };
      if (plan.externalThreadId) {
        // A full CRM thread hands its id over to the thread that continues it.
        const holder = this.crm.get(plan.externalThreadId);
        if (holder !== undefined) {
          const from = this.threads.get(holder)!;
          from.externalThreadId = null;
          if (!from.fresh) from.dropExternalThreadId = true;
        }
        this.crm.set(plan.externalThreadId, thread.id);
      }
      this.threads.set(thread.id, thread);
      this.newThreads.push(thread);
    }
    const sim: SimInteraction = {
      id: input.id,
      type: input.type,
      externalId: plan.externalId,
      phoneNumber: input.phoneNumber,
      email: input.email,
      depth: parent ? parent.depth + 1 : 1,
      parentId: parent?.id ?? null,
      requestedParentId: plan.requestedParentId,
      threadId: thread.id,
      startedAt: input.startedAt,
      startMs: record.startMs,
      endedAt: null,
      end: null,
      state: 'ACTIVE',
      stitchReason: plan.reason,
      children: [],
      fresh: true,
      loadedState: null,
    };
    // The caller replays an id in the graph already as such (never as a create): two interactions
    // under one id would corrupt the world (an interaction its own parent).
    if (this.interactions.has(sim.id)) throw new Error(`the import replayed ${sim.id} as new, but the batch holds it already`);
    parent?.children.push(sim);
    thread.members.push(sim);
    this.interactions.set(sim.id, sim);
    this.created.push(sim);
    const key = sim[this.field];
    if (key !== null) {
      const list = this.keys.get(key) ?? [];
      list.push({ id: sim.id, startMs: sim.startMs, lastActivity: sim.startedAt, sim });
      this.keys.set(key, list);
    }
    const stitch = { parentId: plan.parentId, reason: plan.reason, warnings: plan.warnings, requestedParentId: plan.requestedParentId };
    this.fresh.set(sim.id, { record, stitchResult: JSON.stringify({ interactionId: sim.id, stitch }) });
    return sim;
  }

  /** Ends `id` as endInteraction would; false when the batch does not hold it live (it ended already). */
  end(id: string, end: RecordEnd): boolean {
    const x = this.interactions.get(id);
    if (!x || x.endedAt !== null) return false;
    x.endedAt = end.endedAt;
    x.end = end;
    settleThread(this.threadOf(x));
    return true;
  }

  /** What the batch writes: the new rows, threads, and the changes to existing interactions and threads. */
  writeParams(): { rows: BatchRow[]; threads: BatchThread[]; updates: BatchUpdate[]; threadUpdates: BatchThreadUpdate[] } {
    const rowIndex = new Map(this.created.map((x, k) => [x.id, k]));
    const threadIndex = new Map(this.newThreads.map((t, k) => [t.id, k]));
    const rows = this.created.map((x): BatchRow => {
      const { record, stitchResult } = this.fresh.get(x.id)!;
      const input = record.input;
      return {
        id: x.id,
        props: {
          id: x.id,
          type: x.type,
          externalId: x.externalId,
          phoneNumber: x.phoneNumber,
          email: x.email,
          // The CRM thread id it came with, as a live create keeps it (a detach moves the id with its earliest carrier).
          externalThreadId: input.externalThreadId,
          subject: input.subject,
          metadata: input.metadata ? JSON.stringify(input.metadata) : null,
          participants: JSON.stringify(input.participants),
          payloadHash: record.hash,
          stitchResult,
        },
        startedAt: x.startedAt,
        endedAt: x.endedAt,
        talkSeconds: x.end?.talkSeconds ?? null,
        holdSeconds: x.end?.holdSeconds ?? null,
        afterCallWorkSeconds: x.end?.afterCallWorkSeconds ?? null,
        state: x.state,
        depth: x.depth,
        threadId: x.threadId,
        threadIndex: x.parentId === null ? threadIndex.get(x.threadId)! : -1,
        stitchReason: x.stitchReason,
        parentId: x.parentId,
        parentIndex: x.parentId === null ? -1 : (rowIndex.get(x.parentId) ?? -1),
        requestedParentId: x.requestedParentId,
        requestedIndex: x.requestedParentId === null ? -1 : (rowIndex.get(x.requestedParentId) ?? -1),
        agentIds: [...new Set(input.participants.filter((p) => p.role === 'AGENT').map((p) => p.id))],
      };
    });
    const threads = this.newThreads.map((t): BatchThread => ({
      id: t.id,
      rootId: t.rootId,
      rootIndex: rowIndex.get(t.rootId)!,
      externalId: t.externalId,
      externalThreadId: t.externalThreadId,
      continuesThreadId: t.continuesThreadId,
      startedAt: t.startedAt,
      channels: t.channels,
      reopenedAt: t.reopenedAt,
    }));
    const updates: BatchUpdate[] = [];
    const threadUpdates: BatchThreadUpdate[] = [];
    for (const t of this.threads.values()) {
      if (t.fresh) continue;
      if (t.changed || t.dropExternalThreadId) {
        threadUpdates.push({
          id: t.id,
          channels: t.channels,
          startedAt: t.startedAt,
          reopenedAt: t.reopenedAt,
          dropExternalThreadId: t.dropExternalThreadId,
        });
      }
      for (const x of t.members) {
        if (x.fresh || (x.end === null && x.state === x.loadedState)) continue;
        updates.push({
          id: x.id,
          endedAt: x.end?.endedAt ?? null,
          talkSeconds: x.end?.talkSeconds ?? null,
          holdSeconds: x.end?.holdSeconds ?? null,
          afterCallWorkSeconds: x.end?.afterCallWorkSeconds ?? null,
          state: x.state,
        });
      }
    }
    return { rows, threads, updates, threadUpdates };
  }

  /** The new interactions, in creation order. */
  get createdInteractions(): readonly SimInteraction[] {
    return this.created;
  }

  get createdThreads(): number {
    return this.newThreads.length;
  }

  private threadOf(x: SimInteraction): SimThread {
    const t = this.threads.get(x.threadId);
    if (!t) throw new RetryableConflict(`the thread of ${x.id} was not locked`);
    return t;
  }

  /** The nearest ancestor-or-self of `x` that may take a child of `type` (depth below maxDepth, an allowed channel). */
  private roomyFrom(x: SimInteraction, type: Channel): RoomyInteraction | null {
    for (let a: SimInteraction | undefined = x; a; a = a.parentId === null ? undefined : this.interactions.get(a.parentId)) {
      if (a.depth < this.policy.maxDepth && (this.policy.crossChannel || a.type === type)) return roomyOf(a);
    }
    return null;
  }
}

const roomyOf = (a: SimInteraction): RoomyInteraction => ({
  id: a.id,
  type: a.type,
  depth: a.depth,
  externalId: a.externalId,
  threadId: a.threadId,
});
