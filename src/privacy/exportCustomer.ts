import { CorrectionRecord, InteractionRecord, metadataOf, participantsOf, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
import { customerKeyOf, CustomerKeyKind } from '../stitching';

export interface CustomerExport {
  key: { kind: CustomerKeyKind; value: string };
  exportedAt: string;
  interactions: Record<string, unknown>[];
  threads: Record<string, unknown>[];
  history: CorrectionRecord[];
}

/** Stored fields that are the service's own bookkeeping, not data about the person. */
const INTERNAL = ['tenant', 'payloadHash', 'stitchResult'] as const;

/**
 * Every interaction of the caller's tenant carrying `key` and every thread they are in, as JSON,
 * for an access request: one read (privacy/export-customer.cypher). Metadata and participants are
 * returned as the objects they were sent as; a thread's other interactions are not included (they
 * may be another person's).
 */
export async function exportCustomer(h: TenantDb, rawKey: { kind: unknown; value: unknown }): Promise<CustomerExport> {
  const key = customerKeyOf(rawKey);
  const row = await h.readOne('privacy/export-customer', { field: key.field, value: key.value });
  return {
    key: { kind: key.kind, value: key.value },
    exportedAt: new Date().toISOString(),
    interactions: (row?.interactions ?? []).map(interactionJson),
    threads: (row?.threads ?? []).map(threadJson),
    history: row?.history ?? [],
  };
}

function interactionJson(i: InteractionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ...i, metadata: metadataOf(i), participants: participantsOf(i) };
  for (const field of INTERNAL) delete out[field];
  return out;
}

function threadJson(t: ThreadRecord): Record<string, unknown> {
  const { tenant: _tenant, ...rest } = t;
  return rest;
}
