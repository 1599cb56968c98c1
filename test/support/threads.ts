import { Database } from '../../src/neo4j';

/**
 * Whole threads written straight into Neo4j, exactly as docs/data-model.md describes them,
 * bypassing the stitching engine: for tests of the read side, which must not depend on the write
 * path. Each test works in a tenant of its own, so readable ids ('call-1') do not collide.
 */
export interface SeedNode {
  id: string;
  type?: string;
  state?: string;
  startedAt: string;
  /** null or absent: still live. */
  endedAt?: string | null;
  talkSeconds?: number;
  holdSeconds?: number;
  afterCallWorkSeconds?: number;
  externalId?: string | null;
  metadata?: Record<string, unknown>;
  participants?: { id: string; role: string; state?: string | null }[];
  /** The StitchReason of the edge from the parent (NEW_THREAD for the root). */
  reason?: string;
  children?: SeedNode[];
}

export interface SeededThread {
  threadId: string;
  /** Every interaction id, depth-first from the root, siblings in the order given. */
  ids: string[];
}

interface Flat {
  node: SeedNode;
  parentId: string | null;
  depth: number;
}

function flatten(node: SeedNode, parentId: string | null, depth: number): Flat[] {
  return [{ node, parentId, depth }, ...(node.children ?? []).flatMap((c) => flatten(c, node.id, depth + 1))];
}

/** Writes a thread whose root is `root`: its Thread node, interactions, PARENT_OF edges and agents. */
export async function seedThread(
  db: Database,
  tenant: string,
  root: SeedNode,
  thread: { id?: string; externalThreadId?: string | null } = {},
): Promise<SeededThread> {
  const flat = flatten(root, null, 1);
  const threadId = thread.id ?? `thread-of-${root.id}`;
  const externalId = root.externalId ?? null;
  const ended = flat.every((f) => f.node.endedAt);
  const lastEnd = ended
    ? flat
        .map((f) => f.node.endedAt!)
        .sort()
        .at(-1)!
    : null;
  const firstStart = flat.map((f) => f.node.startedAt).sort()[0]!;
  const channels = [...new Set(flat.map((f) => f.node.type ?? 'VOICE'))];
  const interactions = flat.map(({ node, parentId, depth }) => ({
    id: node.id,
    type: node.type ?? 'VOICE',
    externalId: node.externalId === undefined ? externalId : node.externalId,
    state: node.state ?? (node.endedAt ? 'COMPLETED' : 'ACTIVE'),
    startedAt: node.startedAt,
    endedAt: node.endedAt ?? null,
    talkSeconds: node.talkSeconds ?? null,
    holdSeconds: node.holdSeconds ?? null,
    afterCallWorkSeconds: node.afterCallWorkSeconds ?? null,
    subject: typeof node.metadata?.subject === 'string' ? node.metadata.subject : null,
    metadata: JSON.stringify(node.metadata ?? {}),
    participants: JSON.stringify((node.participants ?? []).map((p) => ({ state: null, ...p }))),
    depth,
    stitchReason: parentId ? (node.reason ?? 'AUTO_STITCH') : 'NEW_THREAD',
    parentId,
    agents: (node.participants ?? []).filter((p) => p.role === 'AGENT').map((p) => p.id),
  }));

  await db.runRaw(
    `CREATE (:Thread {tenant: $tenant, id: $threadId, rootId: $rootId, externalId: $externalId, externalThreadId: $externalThreadId,
                      status: $status, startedAt: datetime($startedAt), closedAt: datetime($closedAt), channels: $channels,
                      createdAt: datetime(), updatedAt: datetime()})
     WITH 1 AS ignored
     UNWIND $interactions AS i
     CREATE (:Interaction {tenant: $tenant, id: i.id, type: i.type, externalId: i.externalId, state: i.state,
                           startedAt: datetime(i.startedAt), endedAt: datetime(i.endedAt), talkSeconds: i.talkSeconds,
                           holdSeconds: i.holdSeconds, afterCallWorkSeconds: i.afterCallWorkSeconds, subject: i.subject,
                           metadata: i.metadata, participants: i.participants, depth: i.depth, stitchReason: i.stitchReason,
                           threadId: $threadId, createdAt: datetime()})`,
    {
      tenant,
      threadId,
      rootId: root.id,
      externalId,
      externalThreadId: thread.externalThreadId ?? null,
      status: ended ? 'CLOSED' : 'OPEN',
      startedAt: firstStart,
      closedAt: lastEnd,
      channels,
      interactions,
    },
  );
  await db.runRaw(
    `UNWIND $interactions AS i
     MATCH (child:Interaction {tenant: $tenant, id: i.id})
     CALL {
       WITH i, child
       MATCH (parent:Interaction {tenant: $tenant, id: i.parentId})
       CREATE (parent)-[:PARENT_OF {reason: i.stitchReason, createdAt: datetime()}]->(child)
     }
     CALL {
       WITH i, child
       UNWIND i.agents AS agentId
       MERGE (a:Agent {tenant: $tenant, id: agentId})
       CREATE (a)-[:HANDLED]->(child)
     }`,
    { tenant, interactions },
  );
  return { threadId, ids: flat.map((f) => f.node.id) };
}

/** `n` seconds after `base` (an ISO instant), as an ISO instant: for readable fixtures. */
export function at(base: string, seconds: number): string {
  return new Date(Date.parse(base) + seconds * 1000).toISOString();
}
