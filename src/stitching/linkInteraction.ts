import { InteractionRecord } from '../model';
import { TenantDb } from '../neo4j';
import { knownPolicy, policyParams } from './policyCache';
import { linkRefusal } from './verdicts';

/**
 * Links `childId` under `parentId` in one statement, link-interaction.cypher: it locks both threads,
 * checks every rule on what it reads under the locks (one parent, no cycle, maxDepth, thread size,
 * channel, CRM thread), and only then writes. Relinking to the same parent writes nothing (the guard
 * clause of the stitching guide); anything that would break a rule is refused and changes nothing.
 */
export async function linkInteraction(h: TenantDb, childId: string, parentId: string): Promise<InteractionRecord> {
  return h.write(async (tx) => {
    const known = knownPolicy(h);
    const row = await tx.one('link-interaction', { childId, parentId, ...policyParams(known) });
    if (!row) throw new Error('link-interaction returned no row');
    if (row.verdict === 'OK' || row.verdict === 'ALREADY_LINKED') {
      if (!row.interaction) throw new Error(`link-interaction answered ${row.verdict} without the interaction`);
      return row.interaction;
    }
    throw linkRefusal(h, known, row.verdict, row, { childId, parentId });
  });
}
