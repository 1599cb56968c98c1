import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHistory, importHistory, mulberry32 } from '../../src/importer';
import type { IntegrityReport, PolicyPatch } from '../../src/stitching';
import { Database } from '../../src/neo4j';
import { integrityReport, updatePolicy } from '../../src/stitching';
import { uniqueTenant } from '../support/app';
import { graphSnapshot, GraphSnapshot } from '../support/graphSnapshot';
import { replayLive } from '../support/replay';
import { connectTestDb } from '../support/db';

// Imports of a few thousand records, on a 2-core machine shared with other suites.
jest.setTimeout(300_000);
/**
 * The import's promise: a history file gives exactly the graph the live path builds when each record
 * is sent to createInteraction at its start and endInteraction at its end, in event-time order.
 * A generated history (shuffled, so the import must sort it; with broken records) is imported in
 * small batches (so most decisions read what earlier batches wrote, and ends cross batches) into
 * one tenant and replayed live into another, under the same policy; the two graphs must be equal,
 * field by field, and so must the refusals.
 */
describe('importing history gives the graph the live path gives', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await connectTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-import-diff-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A generated history as NDJSON, its lines shuffled (seeded). */
  function historyFile(name: string, interactions: number, seed: number): string {
    const lines: string[] = [];
    for (const item of generateHistory({ seed, interactions, days: 40, invalid: 0.01 })) {
      lines.push(item.kind === 'record' ? JSON.stringify(item.record) : `{"id":"${item.id}","type":"VOICE","startedAt":`);
    }
    // A parent that ends while its child is still live, and stays so: the zombie-thread rule (HOLD, thread OPEN).
    lines.push(
      JSON.stringify({
        id: 'zombie-parent',
        type: 'VOICE',
        externalId: 'CUST-ZOMBIE',
        startedAt: '2026-11-01T10:00:00Z',
        endedAt: '2026-11-01T10:10:00Z',
      }),
      JSON.stringify({
        id: 'zombie-child',
        type: 'WEB_CHAT',
        threading: { parentInteractionId: 'zombie-parent' },
        startedAt: '2026-11-01T10:05:00Z',
      }),
    );
    const rng = mulberry32(seed + 1);
    for (let k = lines.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [lines[k], lines[j]] = [lines[j]!, lines[k]!];
    }
    const file = path.join(dir, `${name}.ndjson`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  async function both(file: string, policy: PolicyPatch) {
    const imported = uniqueTenant('import');
    const live = uniqueTenant('live');
    await updatePolicy(db.forTenant(imported), policy);
    await updatePolicy(db.forTenant(live), policy);
    const summary = await importHistory(db.forTenant(imported), [{ path: file, format: 'ndjson' }], {
      batchSize: 120,
      chunkSize: 400,
      rejectsDir: dir,
    });
    const rejects = fs
      .readFileSync(summary.rejects[0]!.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)._reject as { line: number; code: string });
    const liveRefusals = await replayLive(db, live, file);
    return {
      summary,
      imported: await graphSnapshot(db, imported),
      live: await graphSnapshot(db, live),
      importRefusals: new Map(rejects.map((r) => [r.line, r.code])),
      liveRefusals,
      audit: await integrityReport(db.forTenant(imported)),
    };
  }

  function expectSameGraph(a: GraphSnapshot, b: GraphSnapshot) {
    expect(a.interactions.length).toBe(b.interactions.length);
    for (let k = 0; k < a.interactions.length; k++) expect(a.interactions[k]).toEqual(b.interactions[k]);
    expect(a.threads).toEqual(b.threads);
  }

  const count = (s: GraphSnapshot, pick: (i: GraphSnapshot['interactions'][number]) => unknown) => {
    const out: Record<string, number> = {};
    for (const i of s.interactions) {
      for (const v of [pick(i)].flat()) out[String(v)] = (out[String(v)] ?? 0) + 1;
    }
    return out;
  };

  it('by external id, with re-rooting at a small maxDepth, continuation threads and orphans refused', async () => {
    const file = historyFile('by-external-id', 1500, 11);
    const r = await both(file, { key: 'EXTERNAL_ID', maxDepth: 3, maxThreadSize: 6, atMaxDepth: 'REROOT', rejectOrphans: true });
    expectSameGraph(r.imported, r.live);
    // Every record the import refused for its stitching, the live path refused with the same code.
    const stitchingRefusals = new Map([...r.importRefusals].filter(([, code]) => code !== 'BAD_USER_INPUT'));
    expect(stitchingRefusals).toEqual(r.liveRefusals);
    expect(auditTotal(r.audit)).toBe(0);
    // The file covers what it should: among others, parents that ended while a child was live.
    const byId = new Map(r.live.interactions.map((i) => [i.id, i]));
    const warm = r.live.interactions.filter(
      (i) => i.parentId !== null && String(byId.get(String(i.parentId))?.endedAt ?? '') > String(i.startedAt),
    );
    expect(warm.length).toBeGreaterThan(10);
    const reasons = count(r.live, (i) => i.stitchReason);
    for (const reason of ['NEW_THREAD', 'AUTO_STITCH', 'GRACE_PERIOD', 'EXPLICIT', 'THREAD_ID']) expect(reasons[reason]).toBeGreaterThan(0);
    const warnings = count(r.live, (i) => i.stitch.warnings);
    expect(warnings.MAX_DEPTH_REACHED).toBeGreaterThan(0);
    expect(warnings.THREAD_SIZE_LIMIT).toBeGreaterThan(0);
    expect(count(r.live, (i) => i.state).HOLD).toBeGreaterThan(0);
    expect(r.live.threads.filter((t) => t.continuesRoot !== null).length).toBeGreaterThan(0);
    expect(r.live.threads.filter((t) => t.reopened).length).toBeGreaterThan(0);
    expect(r.live.threads.filter((t) => t.status === 'OPEN').length).toBeGreaterThan(0);
    expect(new Set(r.importRefusals.values())).toEqual(new Set(['BAD_USER_INPUT', 'PARENT_NOT_FOUND', 'ORPHAN_REJECTED']));
    expect(r.summary.created).toBe(r.live.interactions.length);
  });

  it('by phone number with cross-channel off, refusing at maxDepth and keeping orphans: shared lines stay apart', async () => {
    const file = historyFile('by-phone', 700, 12);
    const r = await both(file, { key: 'PHONE_NUMBER', crossChannel: false, maxDepth: 4, atMaxDepth: 'REFUSE', rejectOrphans: false });
    expectSameGraph(r.imported, r.live);
    expect(new Map([...r.importRefusals].filter(([, code]) => code !== 'BAD_USER_INPUT'))).toEqual(r.liveRefusals);
    // Orphans are kept (the policy allows them), so the audit counts them; every other check is zero.
    expect(auditTotal(r.audit) - r.audit.orphans.count).toBe(0);
    expect(r.audit.orphans.count).toBeGreaterThan(0);
    const warnings = count(r.live, (i) => i.stitch.warnings);
    expect(warnings.AMBIGUOUS_KEY).toBeGreaterThan(0);
    expect(warnings.CROSS_CHANNEL_SKIPPED).toBeGreaterThan(0);
    expect([...r.liveRefusals.values()]).toEqual(expect.arrayContaining(['MAX_DEPTH_EXCEEDED', 'CROSS_CHANNEL_DISABLED']));
  });

  it('by composite key: account-only keys are refused, full entity keys stitch', async () => {
    const file = historyFile('by-composite', 500, 13);
    const r = await both(file, { key: 'COMPOSITE' });
    expectSameGraph(r.imported, r.live);
    expect(new Map([...r.importRefusals].filter(([, code]) => code !== 'BAD_USER_INPUT'))).toEqual(r.liveRefusals);
    expect(auditTotal(r.audit)).toBe(0);
    expect([...r.liveRefusals.values()]).toContain('INVALID_EXTERNAL_ID');
    expect(
      r.live.interactions.filter((i) => /^ACCT-\d+-CUST-\d+$/.test(String(i.externalId)) && i.stitchReason === 'AUTO_STITCH').length,
    ).toBeGreaterThan(0);
  });
});

const auditTotal = (audit: IntegrityReport) => Object.values(audit).reduce<number>((n, c: { count: number }) => n + c.count, 0);
