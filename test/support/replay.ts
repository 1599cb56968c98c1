import fs from 'node:fs';
import { ThreadgraphError } from '../../src/errors';
import { Database } from '../../src/neo4j';
import { createInteraction, endInteraction } from '../../src/stitching';
import { recordFrom } from '../../src/importer/record';

/** One event of a history replayed live: a create at its record's start, an end at its end. */
interface LiveEvent {
  at: number;
  kind: 0 | 1;
  line: number;
  id: string;
  payload: Record<string, unknown>;
}

/**
 * Sends an NDJSON history through the live write path, one record at a time in event-time order:
 * each createInteraction at its record's start, each endInteraction at its end, creates before ends
 * at one instant, file order otherwise. This is how the history happened, and what an import must
 * reproduce. Records the import's reader refuses (bad input) are not sent. Returns each refused
 * create's code by line.
 */
export async function replayLive(db: Database, tenant: string, file: string): Promise<Map<number, string>> {
  const events: LiveEvent[] = [];
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
      const { endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds, ...create } = value;
      events.push({ at: record.startMs, kind: 0, line: k + 1, id: record.input.id, payload: create });
      if (record.endMs !== null) {
        events.push({
          at: record.endMs,
          kind: 1,
          line: k + 1,
          id: record.input.id,
          payload: { endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds },
        });
      }
    });
  events.sort((a, b) => a.at - b.at || a.kind - b.kind || a.line - b.line);
  const refused = new Map<number, string>();
  const h = () => db.forTenant(tenant);
  for (const e of events) {
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
  return refused;
}
