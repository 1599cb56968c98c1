import { randomUUID } from 'node:crypto';
import { InteractionRecord } from '../model';
import { TenantDb } from '../neo4j';
import { checkNote } from './history';
import { knownPolicy, policyParams } from './policyCache';
import { linkRefusal } from './verdicts';

/**
 * Links `childId` under `parentId` in one statement, link-interaction.cypher: it locks both threads,
 * checks every rule on what it reads under the locks (one parent, no cycle, maxDepth, thread size,
 * channel, CRM thread), and only then writes, recording the link in the audit trail (who: the
 * handle's actor; `note`) in the same statement. Relinking to the same parent writes nothing (the
 * guard clause of the stitching guide); anything that would break a rule is refused and changes nothing.
 */
export async function linkInteraction(h: TenantDb, childId: string, parentId: string, note?: string | null): Promise<InteractionRecord> {
  const checked = checkNote(note);
  return h.write(async (tx) => {
    const known = knownPolicy(h);
    const row = await tx.one('link-interaction', {
      childId,
      parentId,
      ...policyParams(known),
      correctionId: randomUUID(),
      by: h.actor,
      note: checked,
    });
    if (!row) throw new Error('link-interaction returned no row');
    if (row.verdict === 'OK' || row.verdict === 'ALREADY_LINKED') {
      if (!row.interaction) throw new Error(`link-interaction answered ${row.verdict} without the interaction`);
      return row.interaction;
    }
    throw linkRefusal(h, known, row.verdict, row, { childId, parentId });
  });
}
