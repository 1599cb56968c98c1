import { Database } from '../../src/neo4j';

/**
 * A tenant's whole graph in a form two tenants can be compared by: every interaction with its
 * parent, edge, thread (named by its root, since thread ids are random) and agents, and every
 * thread by its root. Wall-clock fields (createdAt, updatedAt, the moment of a reopening) differ
 * between two runs and are left out (a reopening is kept as a yes/no); a stitch result is kept as
 * its reason, parents and warning codes (its messages name random thread ids).
 */
/** One interaction of a snapshot: its stored properties (less the wall-clock ones) and where it sits. */
export interface SnapshotInteraction {
  id: string;
  stitchReason: string;
  depth: number;
  state: string;
  externalId: string | null;
  parentId: unknown;
  edge: unknown;
  threadRoot: unknown;
  agents: unknown;
  stitch: { interactionId: string; parentId: unknown; reason: unknown; requestedParentId: unknown; warnings: string[] };
  [property: string]: unknown;
}

/** One thread of a snapshot, named by its root. */
export interface SnapshotThread {
  rootId: string;
  status: string;
  closedAt: unknown;
  reopened: boolean;
  continuesRoot: unknown;
  size: unknown;
  [property: string]: unknown;
}

export async function graphSnapshot(
  db: Database,
  tenant: string,
): Promise<{ interactions: SnapshotInteraction[]; threads: SnapshotThread[] }> {
  const interactions = await db.runRaw(
    `MATCH (i:Interaction {tenant: $tenant})
     OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[e:PARENT_OF]->(i)
     OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
     CALL (i) {
       OPTIONAL MATCH (a:Agent {tenant: $tenant})-[:HANDLED]->(i)
       WITH a ORDER BY a.id
       RETURN collect(a.id) AS agents
     }
     RETURN i { .* } AS i, p.id AS parentId, e { .reason, .requestedParentId } AS edge, t.rootId AS threadRoot, agents
     ORDER BY i.id`,
    { tenant },
  );
  const threads = await db.runRaw(
    `MATCH (t:Thread {tenant: $tenant})
     OPTIONAL MATCH (c:Thread {tenant: $tenant, id: t.continuesThreadId})
     RETURN t { .* } AS t, c.rootId AS continuesRoot, COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: t.id}) } AS size
     ORDER BY t.rootId`,
    { tenant },
  );
  return {
    interactions: interactions.map((row) => {
      const { createdAt: _c, threadId: _t, stitchResult, tenant: _tenant, ...props } = row.i as Record<string, unknown>;
      const result = JSON.parse(String(stitchResult)) as {
        interactionId: string;
        stitch: { parentId: unknown; reason: unknown; requestedParentId?: unknown; warnings: { code: string }[] };
      };
      return {
        ...(props as Pick<SnapshotInteraction, 'id' | 'stitchReason' | 'depth' | 'state' | 'externalId'>),
        ...props,
        parentId: row.parentId,
        edge: row.edge,
        threadRoot: row.threadRoot,
        agents: row.agents,
        stitch: {
          interactionId: result.interactionId,
          parentId: result.stitch.parentId,
          reason: result.stitch.reason,
          requestedParentId: result.stitch.requestedParentId ?? null,
          warnings: result.stitch.warnings.map((w) => w.code),
        },
      };
    }),
    threads: threads.map((row) => {
      const {
        createdAt: _c,
        updatedAt: _u,
        id: _id,
        tenant: _tenant,
        reopenedAt,
        continuesThreadId: _cont,
        eventSeq: _seq,
        ...props
      } = row.t as Record<string, unknown>;
      return {
        ...(props as Pick<SnapshotThread, 'rootId' | 'status' | 'closedAt'>),
        ...props,
        reopened: reopenedAt !== null && reopenedAt !== undefined,
        continuesRoot: row.continuesRoot,
        size: row.size,
      };
    }),
  };
}

export type GraphSnapshot = Awaited<ReturnType<typeof graphSnapshot>>;
