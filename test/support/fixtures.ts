import { randomUUID } from 'node:crypto';
import { Database } from '../../src/neo4j';

/**
 * Writes a one-interaction thread straight into Neo4j, bypassing the stitching engine: for tests
 * of the read side and of the foundation only.
 */
export async function seedInteraction(
  db: Database,
  tenant: string,
  props: { id?: string; type?: string; externalId?: string; startedAt?: string } = {},
): Promise<{ id: string; threadId: string }> {
  const id = props.id ?? randomUUID();
  const threadId = randomUUID();
  await db.runRaw(
    `CREATE (t:Thread {tenant: $tenant, id: $threadId, rootId: $id, status: 'OPEN', startedAt: datetime($startedAt),
                       externalId: $externalId, channels: [$type], createdAt: datetime()})
     CREATE (i:Interaction {tenant: $tenant, id: $id, type: $type, externalId: $externalId, state: 'ACTIVE',
                            startedAt: datetime($startedAt), depth: 1, stitchReason: 'NEW_THREAD', threadId: $threadId,
                            participants: '[]', createdAt: datetime()})`,
    {
      tenant,
      id,
      threadId,
      type: props.type ?? 'VOICE',
      externalId: props.externalId ?? null,
      startedAt: props.startedAt ?? new Date().toISOString(),
    },
  );
  return { id, threadId };
}
