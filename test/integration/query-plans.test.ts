import neo4j from 'neo4j-driver';
import { App } from '../../src/app';
import { StatementName } from '../../src/cypher';
import { STITCH_KEY_FIELD } from '../../src/model';
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
    { tenant, limit: neo4j.int(21), requests: [{ key: 0, ...filters, externalId: null, ...position }] },
  ],
  [
    'customer-threads',
    'Thread(tenant, externalId, startedAt)',
    { tenant, limit: neo4j.int(21), requests: [{ key: 0, ...filters, ...position }] },
  ],
  ['count-threads', 'Thread(tenant, startedAt)', { tenant, requests: [{ key: 0, ...filters, externalId: null }] }],
  ['count-customer-threads', 'Thread(tenant, externalId, startedAt)', { tenant, requests: [{ key: 0, ...filters }] }],
  ['agent-interactions', 'Agent(tenant, id)', { tenant, limit: neo4j.int(21), requests: [{ key: 0, agentId: 'agent-1', ...position }] }],
];

/** The write side's lookups: the customer's recent interactions by key, and an interaction by id under its thread's lock. */
const recent = {
  tenant,
  value: 'CUST-1',
  lockKey: 'EXTERNAL_ID:CUST-1',
  startedAt: '2026-11-21T10:00:00Z',
  horizon: '2026-11-14T09:55:00Z',
  scanLimit: 50,
};
const WRITE_HOT_QUERIES: [StatementName, string, Record<string, unknown>][] = [
  ['find-recent-interactions', 'Interaction(tenant, externalId, startedAt)', { ...recent, keyField: 'externalId' }],
  ['find-recent-interactions', 'Interaction(tenant, phoneNumber, startedAt)', { ...recent, keyField: 'phoneNumber' }],
  ['find-recent-interactions', 'Interaction(tenant, email, startedAt)', { ...recent, keyField: 'email' }],
  ['lock-thread-of', 'Interaction(tenant, id)', { tenant, id: 'i1', maxDepth: 5 }],
  [
    'find-external-thread',
    'Thread(tenant, externalThreadId)',
    { tenant, externalThreadId: 'THREAD-1', maxDepth: 5, crossChannel: true, type: 'EMAIL' },
  ],
  ['lock-stitch-key-of', 'Interaction(tenant, id)', { tenant, id: 'i1', keyFields: STITCH_KEY_FIELD }],
  ['lock-link-threads', 'Thread(tenant, id)', { tenant, childId: 'i1', parentId: 'i2' }],
  ['claim-create', 'IdempotencyKey(tenant, key)', { tenant, claimKeys: ['key:k'], id: 'i1' }],
  [
    'end-interaction',
    'Interaction(tenant, threadId)',
    { tenant, id: 'i1', endedAt: '2026-11-21T10:00:00Z', talkSeconds: null, holdSeconds: null, afterCallWorkSeconds: null },
  ],
];

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
});
