import fs from 'node:fs';
import { ThreadgraphError } from '../../src/errors';
import { recordFrom } from '../../src/importer/record';
import { Database } from '../../src/neo4j';
import { createInteraction, endInteraction } from '../../src/stitching';

/** One event of a history replayed live: a create at its record's start, an end at its end. */
interface LiveEvent {
  at: number;
  kind: 0 | 1;
  line: number;
  id: string;
  payload: Record<string, unknown>;
}

/** Union-find over strings: the groups of records that can affect one another's stitching. */
class Groups {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/**
 * Sends an NDJSON history through the live write path, one record at a time in event-time order:
 * each createInteraction at its record's start, each endInteraction at its end, creates before ends
 * at one instant, file order otherwise. This is how the history happened, and what an import must
 * reproduce. Records the import's reader refuses (bad input) are not sent. Returns each refused
 * create's code by line.
 *
 * Records that share nothing a stitching decision reads (no key value of any kind, no named parent,
 * no CRM thread id, directly or through others) cannot affect one another: such groups are replayed
 * side by side (`concurrency` at once), each strictly in event order, which gives the graph a
 * one-by-one replay of the whole file gives, in a fraction of the time.
 */
export async function replayLive(db: Database, tenant: string, file: string, concurrency = 6): Promise<Map<number, string>> {
  const groups = new Groups();
  const events: (LiveEvent & { group: string })[] = [];
  const pending: { event: LiveEvent; keys: string[] }[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, k) => {
      if (text.trim().length === 0) return;
      let value: Record<string, unknown>;
      let record;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
        record = recordFrom(value, { file: 0, line: k + 1, raw: text });
      } catch {
        return;
      }
      const input = record.input;
      const keys = [
        `id:${input.id}`,
        ...(input.externalId ? [`x:${input.externalId}`] : []),
        ...(input.phoneNumber ? [`p:${input.phoneNumber}`] : []),
        ...(input.email ? [`e:${input.email}`] : []),
        ...(input.parentId ? [`id:${input.parentId}`] : []),
        ...(input.externalThreadId ? [`t:${input.externalThreadId}`] : []),
      ];
      for (const key of keys.slice(1)) groups.join(keys[0]!, key);
      const { endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds, ...create } = value;
      pending.push({ event: { at: record.startMs, kind: 0, line: k + 1, id: input.id, payload: create }, keys });
      if (record.endMs !== null) {
        pending.push({
          event: {
            at: record.endMs,
            kind: 1,
            line: k + 1,
            id: input.id,
            payload: { endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds },
          },
          keys,
        });
      }
    });
  for (const p of pending) events.push({ ...p.event, group: groups.find(p.keys[0]!) });
  events.sort((a, b) => a.at - b.at || a.kind - b.kind || a.line - b.line);
  const byGroup = new Map<string, LiveEvent[]>();
  for (const e of events) {
    const list = byGroup.get(e.group) ?? [];
    list.push(e);
    byGroup.set(e.group, list);
  }
  const refused = new Map<number, string>();
  const h = () => db.forTenant(tenant);
  const replay = async (list: LiveEvent[]) => {
    for (const e of list) {
      if (e.kind === 1) {
        if (!refused.has(e.line)) await endInteraction(h(), e.id, e.payload);
        continue;
      }
      try {
        await createInteraction(h(), e.payload as never);
      } catch (error) {
        if (!(error instanceof ThreadgraphError)) throw error;
        refused.set(e.line, error.code);
      }
    }
  };
  const queue = [...byGroup.values()];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let list = queue.shift(); list; list = queue.shift()) await replay(list);
    }),
  );
  return refused;
}
