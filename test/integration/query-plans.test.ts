import neo4j from 'neo4j-driver';
import { App } from '../../src/app';
import { STATEMENT_NAMES, StatementName } from '../../src/cypher';
import { startTestApp, uniqueTenant } from '../support/app';

/** A plan operator as the driver reports it (summary.plan), children included. */
interface PlanNode {
  operatorType: string;
  arguments: { Details?: string };
  children: PlanNode[];
}

interface Operator {
  type: string;
  details: string;
}

function operators(plan: PlanNode): Operator[] {
  // Operator names carry the runtime after an @ (NodeIndexSeek@neo4j).
  return [{ type: plan.operatorType.split('@')[0]!, details: String(plan.arguments.Details ?? '') }, ...plan.children.flatMap(operators)];
}

const SCANS = ['NodeByLabelScan', 'AllNodesScan', 'UnionNodeByLabelsScan', 'IntersectionNodeByLabelsScan'];

/**
 * The read side's hot queries, with parameters shaped as the service sends them, and the index
 * each must seek to find its first nodes (never a label scan).
 */
const tenant = uniqueTenant();
const filters = { externalId: 'CUST-1', type: 'VOICE', status: 'OPEN', startedAfter: '2026-01-01T00:00:00Z', startedBefore: null };
const position = { afterStartedAt: '2026-02-01T10:00:00.123456789Z', afterId: 'x' };
const HOT_QUERIES: [StatementName, string, Record<string, unknown>][] = [
  ['walk-threads', 'Thread(tenant, id)', { tenant, ids: ['t1', 't2'] }],
  ['load-interactions', 'Interaction(tenant, id)', { tenant, ids: ['i1', 'i2'] }],
  ['load-threads', 'Thread(tenant, id)', { tenant, ids: ['t1', 't2'] }],
  ['load-children', 'Interaction(tenant, id)', { tenant, ids: ['i1', 'i2'] }],
  [
    'list-threads',
    'Thread(tenant, startedAt)',
    {
      tenant,
      limit: neo4j.int(21),
      maxSeconds: 3600,
      requests: [{ key: 0, ...filters, externalId: null, ...position, summarize: true, count: true }],
    },
  ],
  [
    'customer-threads',
    'Thread(tenant, externalId, startedAt)',
    { tenant, limit: neo4j.int(21), maxSeconds: 3600, requests: [{ key: 0, ...filters, ...position, summarize: true, count: true }] },
  ],
  ['summarize-threads', 'Thread(tenant, id)', { tenant, ids: ['t1', 't2'], maxSeconds: 3600 }],
  ['agent-interactions', 'Agent(tenant, id)', { tenant, limit: neo4j.int(21), requests: [{ key: 0, agentId: 'agent-1', ...position }] }],
  ['events/feed', 'ThreadEvent(tenant, sequence)', { tenant, after: 0, scan: 100, types: null }],
  ['events/latest', 'ThreadEvent(tenant, sequence)', { tenant }],
  ['webhooks/due-deliveries', 'WebhookDelivery(tenant, endpointId, due)', { tenant, endpointId: 'whep_1', owner: 'r', limit: 8 }],
  ['interaction-history', 'Correction(tenant, interactionId)', { tenant, ids: ['i1'], limit: neo4j.int(100) }],
  ['thread-history', 'Correction(tenant, fromThreadId)', { tenant, ids: ['t1'], limit: neo4j.int(100) }],
  ['thread-history', 'Correction(tenant, toThreadId)', { tenant, ids: ['t1'], limit: neo4j.int(100) }],
  ['privacy/export-customer', 'Interaction(tenant, email, startedAt)', { tenant, field: 'email', value: 'a@b.c' }],
  [
    'retention/due-tenants',
    'IdempotencyKey(createdAt)',
    { keysBefore: '2026-01-01T00:00:00Z', threadsBefore: null, locksBefore: '2026-01-01T00:00:00Z', limit: neo4j.int(100) },
  ],
  [
    'retention/due-tenants',
    'Thread(closedAt)',
    {
      keysBefore: '2026-01-01T00:00:00Z',
      threadsBefore: '2026-01-01T00:00:00Z',
      locksBefore: '2026-01-01T00:00:00Z',
      limit: neo4j.int(100),
    },
  ],
  [
    'retention/due-tenants',
    'StaleStitchLock(at)',
    { keysBefore: '2026-01-01T00:00:00Z', threadsBefore: null, locksBefore: '2026-01-01T00:00:00Z', limit: neo4j.int(100) },
  ],
  ['retention/stale-stitch-locks', 'StaleStitchLock(tenant, key)', { tenant, before: '2026-01-01T00:00:00Z', limit: neo4j.int(500) }],
];

/** The write side's lookups, per mode of claim-create, and the guarded writes, each with the index it must seek. */
const claim = {
  tenant,
  claimKeys: ['key:k'],
  id: 'i1',
  policyVersion: null,
  mode: 'NONE',
  parentId: null,
  externalThreadId: null,
  keyField: null,
  value: null,
  keyLocks: [],
  startedAt: '2026-11-21T10:00:00Z',
  horizon: '2026-11-14T09:55:00Z',
  scanLimit: 50,
  maxDepth: 5,
  crossChannel: true,
  type: 'VOICE',
};
const byKey = (keyField: string) => ({
  ...claim,
  mode: 'KEY',
  keyField,
  value: 'CUST-1',
  keyLocks: ['EXTERNAL_ID:CUST-1'],
});
const policy = { policyVersion: null, defaults: { maxDepth: 5, maxThreadSize: 250, crossChannel: true } };
const WRITE_HOT_QUERIES: [StatementName, string, Record<string, unknown>][] = [
  ['claim-create', 'IdempotencyKey(tenant, key)', claim],
  ['claim-create', 'Interaction(tenant, externalId, startedAt)', byKey('externalId')],
  ['claim-create', 'Interaction(tenant, phoneNumber, startedAt)', byKey('phoneNumber')],
  ['claim-create', 'Interaction(tenant, email, startedAt)', byKey('email')],
  ['claim-create', 'Interaction(tenant, id)', { ...claim, mode: 'PARENT', parentId: 'i2' }],
  ['claim-create', 'Thread(tenant, externalThreadId)', { ...claim, mode: 'CRM_THREAD', externalThreadId: 'THREAD-1' }],
  ['claim-create', 'StitchingPolicy(tenant)', claim],
  ['create-interaction', 'Thread(tenant, id)', { tenant, ...policy, threadId: 't1', parentId: 'i2', props: { id: 'i1', type: 'VOICE' } }],
  ['link-interaction', 'Thread(tenant, id)', { tenant, ...policy, childId: 'i1', parentId: 'i2' }],
  ['detach-interaction', 'Interaction(tenant, id)', { tenant, id: 'i1', newThreadId: 't2', correctionId: 'c1', by: null, note: null }],
  [
    'privacy/claim-erasure',
    'Interaction(tenant, externalId, startedAt)',
    { tenant, lockKeys: ['EXTERNAL_ID:x'], field: 'externalId', value: 'x', keyHash: 'h' },
  ],
  [
    'privacy/claim-erasure',
    'Interaction(tenant, phoneNumber, startedAt)',
    { tenant, lockKeys: ['PHONE_NUMBER:+1'], field: 'phoneNumber', value: '+1', keyHash: 'h' },
  ],
  [
    'privacy/erase-customer',
    'Interaction(tenant, id)',
    {
      tenant,
      erase: [{ id: 'i1', participants: '[]' }],
      field: 'externalId',
      value: 'x',
      lockKeys: ['EXTERNAL_ID:x'],
      keyKind: 'EXTERNAL_ID',
      keyHash: 'h',
      receiptId: 'r1',
      by: null,
      writeReceipt: true,
      otherLocks: [{ key: 'EMAIL:a@b.c', field: 'email', value: 'a@b.c' }],
    },
  ],
  ['drop-stitch-locks', 'StitchLock(tenant, key)', { tenant, locks: [{ key: 'EMAIL:a@b.c', field: 'email', value: 'a@b.c' }] }],
  [
    'retention/expire-idempotency-keys',
    'IdempotencyKey(tenant, createdAt)',
    { tenant, before: '2026-01-01T00:00:00Z', limit: neo4j.int(500) },
  ],
  ['retention/delete-closed-threads', 'Thread(tenant, closedAt)', { tenant, before: '2026-01-01T00:00:00Z', limit: neo4j.int(500) }],
  [
    'end-interaction',
    'Interaction(tenant, threadId)',
    { tenant, id: 'i1', endedAt: '2026-11-21T10:00:00Z', policyVersion: null, keyKind: 'EXTERNAL_ID', keyField: 'externalId' },
  ],
  ['webhooks/fanout', 'ThreadEvent(tenant, sequence)', { tenant, endpointId: 'whep_1', owner: 'r', scan: 500 }],
  [
    'webhooks/record-attempts',
    'WebhookDelivery(tenant, endpointId, threadId)',
    { tenant, endpointId: 'whep_1', owner: 'r', windowMs: 1000, attempts: [] },
  ],
];

/** The policy's own writes: they lock the tenant's policy on purpose, so two updates never interleave. */
const POLICY_WRITES: StatementName[] = ['lock-policy', 'save-policy'];

describe('query plans of the read side', () => {
  let app: App;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function explain(name: StatementName, params: Record<string, unknown>, mode = neo4j.session.READ): Promise<Operator[]> {
    const session = app.db.driver.session({ database: app.db.name, defaultAccessMode: mode });
    try {
      const result = await session.run(`EXPLAIN ${app.db.text(name)}`, params);
      return operators(result.summary.plan as unknown as PlanNode);
    } finally {
      await session.close();
    }
  }

  it.each(HOT_QUERIES)('%s seeks the %s index and never scans a label', async (name, index, params) => {
    const ops = await explain(name, params);
    expect(ops.filter((op) => SCANS.includes(op.type)).map((op) => op.type)).toEqual([]);
    const seeks = ops.filter((op) => op.type.includes('IndexSeek'));
    expect(seeks.map((op) => op.details)).toContainEqual(expect.stringContaining(`:${index} WHERE`));
  });

  it.each(WRITE_HOT_QUERIES)('%s (write side) seeks the %s index and never scans a label', async (name, index, params) => {
    const ops = await explain(name, params, neo4j.session.WRITE);
    expect(ops.filter((op) => SCANS.includes(op.type)).map((op) => op.type)).toEqual([]);
    expect(ops.filter((op) => op.type.includes('IndexSeek')).map((op) => op.details)).toContainEqual(
      expect.stringContaining(`:${index} WHERE`),
    );
  });

  // In a statement that writes, a lookup through a unique index locks the key it looks up, and
  // holds it until commit when nothing is found (so that nothing can appear there meanwhile). A key
  // of one property, the tenant, is one lock for the whole tenant: every write of the tenant would
  // wait for the one before (the policy of a tenant that never saved one did that to every create).
  it.each(STATEMENT_NAMES.filter((n) => !POLICY_WRITES.includes(n)))('%s takes no lock shared by a whole tenant', async (name) => {
    const ops = await explain(name, {}, neo4j.session.WRITE);
    const tenantWide = ops.filter(
      (op) => (op.type.includes('Locking') || op.type === 'Merge') && /:\w+\(tenant\) WHERE|StitchingPolicy/.test(op.details),
    );
    expect(tenantWide).toEqual([]);
  });
});
