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

const operators = (plan: PlanNode): { type: string; details: string }[] => [
  // Operator names carry the runtime after an @ (NodeIndexSeek@neo4j).
  { type: plan.operatorType.split('@')[0]!, details: String(plan.arguments.Details ?? '') },
  ...plan.children.flatMap(operators),
];

const SCANS = ['NodeByLabelScan', 'AllNodesScan', 'UnionNodeByLabelsScan', 'IntersectionNodeByLabelsScan', 'NodeIndexScan'];

const period = { tenant: uniqueTenant(), from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', channels: ['VOICE'], externalId: null };
const page = { afterStartedAt: '2026-03-02T10:00:00.123456789Z', afterId: 't-1', limit: neo4j.int(1000) };

const REPEAT = { ...period, withinDays: 7, keyFields: STITCH_KEY_FIELD };

/** Every analytics and export statement that selects threads by start, with parameters shaped as the services send them. */
const STATEMENTS: [StatementName, Record<string, unknown>][] = [
  ['analytics/volume', period],
  ['analytics/handle-time', period],
  ['analytics/time-series', { ...period, timeZone: 'Europe/Berlin', bucket: 'WEEK' }],
  ['analytics/stitching-quality', period],
  ['analytics/channel-transitions', period],
  ['analytics/journeys', { ...period, top: 10 }],
  ['analytics/agents', { ...period, top: 10 }],
  ['export/count-threads', period],
  ['export/threads', { ...period, ...page }],
  ['export/interactions', { ...period, ...page }],
  ['export/edges', { ...period, ...page }],
];

describe('query plans of the analytics and export statements', () => {
  let app: App;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function explain(name: StatementName, params: Record<string, unknown>) {
    const session = app.db.driver.session({ database: app.db.name, defaultAccessMode: neo4j.session.READ });
    try {
      return operators((await session.run(`EXPLAIN ${app.db.text(name)}`, params)).summary.plan as unknown as PlanNode);
    } finally {
      await session.close();
    }
  }

  it.each(STATEMENTS)('%s finds its threads by a (tenant, startedAt) range seek and never scans a label', async (name, params) => {
    const ops = await explain(name, params);
    expect(ops.filter((op) => SCANS.includes(op.type)).map((op) => op.type)).toEqual([]);
    const seeks = ops.filter((op) => op.type.includes('IndexSeek')).map((op) => op.details);
    expect(seeks).toContainEqual(
      expect.stringMatching(/^RANGE INDEX t:Thread\(tenant, startedAt\) WHERE tenant = \$tenant AND startedAt >= /),
    );
    // Walks start from the root found by its unique (tenant, id), never from a scan of interactions.
    for (const s of seeks.filter((d) => d.includes(':Interaction'))) expect(s).toMatch(/Interaction\(tenant, id\)/);
  });

  it('analytics/repeat-contact finds the threads closed in the period by (tenant, closedAt) and reopened-event range seeks, never a scan', async () => {
    const ops = await explain('analytics/repeat-contact', REPEAT);
    expect(ops.filter((op) => SCANS.includes(op.type)).map((op) => op.type)).toEqual([]);
    const seeks = ops.filter((op) => op.type.includes('IndexSeek')).map((op) => op.details);
    // Still closed (or closed again): its closedAt is in the period.
    expect(seeks).toContainEqual(
      expect.stringMatching(/^RANGE INDEX t:Thread\(tenant, closedAt\) WHERE tenant = \$tenant AND closedAt >= /),
    );
    // Closed in the period and reopened since: the close its thread.reopened event recorded.
    expect(seeks).toContainEqual(
      expect.stringMatching(/^RANGE INDEX e:ThreadEvent\(tenant, previousClosedAt\) WHERE tenant = \$tenant AND previousClosedAt >= /),
    );
    // Not by start: a thread that started before the period and closed in it counts.
    expect(seeks.filter((d) => /Thread\(tenant, startedAt\)/.test(d))).toEqual([]);
  });

  it("finds each customer's next contact through the (tenant, key, startedAt) index of the policy's key field", async () => {
    const ops = await explain('analytics/repeat-contact', REPEAT);
    expect(ops.map((op) => op.details)).toContainEqual(
      expect.stringMatching(/Thread\(tenant, externalId, startedAt\) WHERE tenant = \$tenant AND externalId = .* AND startedAt > /),
    );
    for (const field of ['phoneNumber', 'email']) {
      expect(ops.map((op) => op.details)).toContainEqual(
        expect.stringMatching(
          new RegExp(`Interaction\\(tenant, ${field}, startedAt\\) WHERE tenant = \\$tenant AND ${field} = .* AND startedAt > `),
        ),
      );
    }
  });

  it.each(['export/threads', 'export/interactions', 'export/edges'] as const)(
    '%s reads its page in index order and stops after $limit threads, however far into the period',
    async (name) => {
      const ops = await explain(name, { ...period, ...page });
      expect(ops.map((op) => op.type)).toContain('PartialTop');
      expect(ops.map((op) => op.type)).not.toContain('Top');
      expect(ops.find((op) => op.type.includes('IndexSeek') && op.details.includes('Thread(tenant, startedAt)'))?.details).toMatch(
        /startedAt >= RuntimeConstant\(datetime\(coalesce\(\$afterStartedAt, \$from\)\)\)/,
      );
    },
  );
});
