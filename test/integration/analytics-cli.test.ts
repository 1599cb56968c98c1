import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/neo4j';
import { close, EXPECTED } from '../support/analytics';
import { PERIOD, PERIOD_DATES, seedAnalyticsFixture } from '../support/analyticsFixture';
import { uniqueTenant } from '../support/app';
import { runCli } from '../../src/cli';
import { threadgraph } from '../support/cli';
import { duckdb, duckdbTypes } from '../support/duckdb';
import { connectTestDb } from '../support/db';

/** The fixture's threads as the thread export must write them, in (startedAt, id) order. */
const THREAD_ROWS = [
  ['K', 1, 1, 1200, 1200, 0, 'WEB_CHAT'],
  ['A', 3, 3, 2300, 84000, 1, 'VOICE>VOICE>WEB_CHAT'],
  ['C', 2, 2, 2400, 27300, 0, 'WEB_CHAT>EMAIL'],
  ['D', 2, 2, 4500, 5460, 1, 'VOICE>VOICE'],
  ['H', 4, 3, 2660, 7320, 0, 'MESSAGING>MESSAGING>EMAIL>VOICE'],
  ['G', 1, 1, 300, 300, 0, 'VOICE'],
  ['M1', 1, 1, 300, 300, 0, 'VOICE'],
  ['M2', 1, 1, 550, 600, 0, 'VOICE'],
  ['F', 1, 1, 0, null, 0, 'SMS'],
].map(([id, interactions, depth, handleTimeSeconds, spanSeconds, transfers, journey]) => ({
  id,
  interactions,
  depth,
  handleTimeSeconds,
  spanSeconds,
  transfers,
  journey,
}));

/** Its interactions, thread by thread, each in TREE order (H: H1, H2, H4, then H3), with handle time and agents. */
const INTERACTION_ROWS = [
  ['K1', 'K', null, 1200, 'AG-1'],
  ['A1', 'A', null, 600, 'AG-1'],
  ['A2', 'A', 'A1', 500, 'AG-2'],
  ['A3', 'A', 'A2', 1200, 'AG-1'],
  ['C1', 'C', null, 2100, 'AG-3'],
  ['C2', 'C', 'C1', 300, 'AG-3|AG-4'],
  ['D1', 'D', null, 2700, 'AG-2'],
  ['D2', 'D', 'D1', 1800, 'AG-3'],
  ['H1', 'H', null, 1560, 'AG-3'],
  ['H2', 'H', 'H1', 500, 'AG-3'],
  ['H4', 'H', 'H2', 0, 'AG-2'],
  ['H3', 'H', 'H1', 600, 'AG-1'],
  ['G1', 'G', null, 300, null],
  ['M1-1', 'M1', null, 300, 'AG-4'],
  ['M2-1', 'M2', null, 550, 'AG-4'],
  ['F1', 'F', null, 0, 'AG-1'],
].map(([id, threadId, parentId, handleTimeSeconds, agentIds]) => ({ id, threadId, parentId, handleTimeSeconds, agentIds }));

const EDGE_ROWS = [
  ['A1', 'A2', 'TRANSFER', 'VOICE', 'VOICE'],
  ['A2', 'A3', 'AUTO_STITCH', 'VOICE', 'WEB_CHAT'],
  ['C1', 'C2', 'EXPLICIT', 'WEB_CHAT', 'EMAIL'],
  ['D1', 'D2', 'TRANSFER', 'VOICE', 'VOICE'],
  ['H1', 'H2', 'GRACE_PERIOD', 'MESSAGING', 'MESSAGING'],
  ['H2', 'H4', 'EXPLICIT', 'MESSAGING', 'EMAIL'],
  ['H1', 'H3', 'THREAD_ID', 'MESSAGING', 'VOICE'],
].map(([parentId, childId, reason, parentChannel, childChannel]) => ({ parentId, childId, reason, parentChannel, childChannel }));

/** runCli in this process, with the streams collected: for the cases that need no real process. */
async function inProcess(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => ({ write: (chunk: string) => (write(chunk), true) }) as unknown as NodeJS.WritableStream;
  const code = await runCli(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('analytics and exports from the command line', () => {
  const tenant = uniqueTenant('analytics-cli');
  const period = ['--from', PERIOD_DATES.from, '--to', PERIOD_DATES.to, '--tz', PERIOD_DATES.tz, '--tenant', tenant];
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = await connectTestDb();
    await seedAnalyticsFixture(db, tenant);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-export-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints every figure group as JSON for tools, the same figures as by hand (dates are Berlin midnights)', () => {
    const r = threadgraph(['analytics', 'all', ...period, '--format', 'json']);
    expect(r.stderr).not.toMatch(/"level":50/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { report: string; from: string; to: string; timeZone: string; figures: Record<string, unknown> };
    expect({ report: out.report, from: out.from, to: out.to, timeZone: out.timeZone }).toEqual({ report: 'all', ...PERIOD });
    expect(out.figures).toEqual(
      close({
        volume: EXPECTED.volume,
        handleTime: EXPECTED.handleTime,
        timeSeries: EXPECTED.days,
        stitchingQuality: EXPECTED.stitchingQuality,
        repeatContact: EXPECTED.repeatContact,
        channelTransitions: EXPECTED.channelTransitions,
        journeys: EXPECTED.journeys,
        agents: EXPECTED.agents,
      }),
    );
  });

  it('writes one table of a report as plain CSV, and a table for people', () => {
    const csv = threadgraph(['analytics', 'time-series', ...period, '--bucket', 'week', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n').slice(0, 3)).toEqual([
      'date,start,end,hours,threads,interactions,customers,handleTimeSeconds,meanHandleTimeSeconds,p50HandleTimeSeconds,p90HandleTimeSeconds,closedThreads,meanSpanSeconds',
      '2026-03-23,2026-03-22T23:00:00.000Z,2026-03-29T22:00:00.000Z,167,5,12,5,13060,2612,2400,4500,5,25056',
      '2026-03-30,2026-03-29T22:00:00.000Z,2026-04-05T22:00:00.000Z,168,4,4,3,1150,287.5,300,550,3,400',
    ]);
    const top = threadgraph(['analytics', 'journeys', ...period, '--top', '2', '--format', 'csv', '--table', 'top']);
    expect(top.stdout).toBe(
      'path,threads,share,meanHandleTimeSeconds\nVOICE,3,0.3333333333333333,383.3333333333333\nMESSAGING>MESSAGING>EMAIL>VOICE,1,0.1111111111111111,2660\n',
    );
    const table = threadgraph(['analytics', 'agents', ...period]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'agents: threads started in [2026-03-26T23:00:00.000Z, 2026-03-30T22:00:00.000Z), time zone Europe/Berlin',
    );
    expect(table.stdout).toMatch(/^AG-3 +5 +3 +6,260 +1,252$/m);
  });

  it('refuses bad input with exit code 2 and a message saying what was expected, before touching the database', async () => {
    // The real binary once; the other cases in process (the same runCli), which is quicker.
    const spawned = threadgraph(['analytics', 'volume', '--from', '2026-03-31', '--to', '2026-03-27', '--tenant', tenant], {
      NEO4J_URI: 'bolt://127.0.0.1:1',
    });
    expect(spawned.code).toBe(2);
    expect(spawned.stderr).toMatch(/^threadgraph analytics: range\.to \(2026-03-27T00:00:00\.000Z\) must be after range\.from/);
    const cases: [string[], RegExp][] = [
      [['analytics', 'volume', '--from', '2026-03-27', '--tenant', tenant], /--to is required/],
      [
        ['analytics', 'volume', '--from', '2024-01-01', '--to', '2026-01-01', '--tenant', tenant],
        /at most 400 days \(ANALYTICS_MAX_DAYS\)/,
      ],
      [['analytics', 'volume', ...period, '--tz', 'Mars/Base'], /--tz must be an IANA time zone name/],
      [
        ['analytics', 'volume', '--from', '2026-02-30', '--to', '2026-03-31', '--tenant', tenant],
        /Expected a date as YYYY-MM-DD, got "2026-02-30"/,
      ],
      [['analytics', 'repeat-contact', ...period, '--within-days', '91'], /--within-days must be an integer in 1\.\.90, got 91/],
      [['analytics', 'journeys', ...period, '--top', '0'], /--top must be an integer in 1\.\.100, got 0/],
      [['analytics', 'volume', ...period, '--channel', 'FAX'], /filter\.channels must be among VOICE/],
      [['analytics', 'nonsense', ...period], /unknown report "nonsense": expected one of volume, handle-time/],
      [['export', 'threads', ...period, '--format', 'xlsx', '--out', path.join(dir, 'x')], /--format must be csv or ndjson/],
      [
        ['export', 'everything', ...period, '--format', 'csv', '--out', path.join(dir, 'x')],
        /name what to export: threads, interactions, edges; got "everything"/,
      ],
    ];
    // A configuration pointing nowhere proves nothing was run against a database.
    for (const [args, message] of cases) {
      const r = await inProcess(args, { NEO4J_URI: 'bolt://127.0.0.1:1' });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
    }
    const short = await inProcess(['analytics', 'volume', '--from', '2026-03-27', '--to', '2026-03-31'], {
      ANALYTICS_MAX_DAYS: '3',
      NEO4J_URI: 'bolt://127.0.0.1:1',
    });
    expect(short.stderr).toMatch(/The period is 4 days long; at most 3 days/);
  });

  it('exports interactions to CSV in pages, with progress, and DuckDB reads the file back as written', async () => {
    const file = path.join(dir, 'interactions.csv');
    const r = threadgraph(['export', 'interactions', ...period, '--format', 'csv', '--out', file, '--page-size', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    // No terminal here: plain progress lines, the last one complete.
    expect(r.stderr).toMatch(/^export interactions: 9\/9 threads \(100%\), 16 rows, [\d,]+ rows\/s, [\d.]+ s, eta 0 s$/m);
    const done = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'export written');
    // One count, then five pages of two threads (the fifth holds one, so it is the last).
    expect(done).toMatchObject({ kind: 'interactions', threads: 9, rows: 16, roundTrips: 6 });
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    expect(await duckdbTypes(file)).toMatchObject({
      id: 'VARCHAR',
      depth: 'BIGINT',
      startedAt: 'TIMESTAMP WITH TIME ZONE',
      endedAt: 'TIMESTAMP WITH TIME ZONE',
      talkSeconds: 'DOUBLE',
      handleTimeSeconds: 'DOUBLE',
    });
    const rows = await duckdb(`SELECT id, threadId, parentId, handleTimeSeconds, agentIds FROM '${file}'`);
    expect(rows).toEqual(INTERACTION_ROWS);
    const [a2] = await duckdb(
      `SELECT channel, state, externalId, epoch_ms(startedAt) AS startedAt, epoch_ms(endedAt) AS endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds, stitchReason, depth FROM '${file}' WHERE id = 'A2'`,
    );
    expect(a2).toEqual({
      channel: 'VOICE',
      state: 'COMPLETED',
      externalId: 'C1',
      startedAt: String(Date.parse('2026-03-27T09:10:30Z')),
      endedAt: String(Date.parse('2026-03-27T09:20:30Z')),
      talkSeconds: 400,
      holdSeconds: 0,
      afterCallWorkSeconds: 100,
      stitchReason: 'TRANSFER',
      depth: '2',
    });
    // What an analyst does next: handle time per channel, the same as the handle-time figures.
    const byChannel = await duckdb(
      `SELECT channel, count(*)::INT AS interactions, sum(handleTimeSeconds) AS seconds FROM '${file}' GROUP BY ALL ORDER BY channel`,
    );
    expect(byChannel).toEqual(
      EXPECTED.handleTime.byChannel.map(({ channel, interactions, seconds }) => ({ channel, interactions, seconds })),
    );
  });

  it('exports threads and edges as CSV and NDJSON that DuckDB reads without options', async () => {
    for (const format of ['csv', 'ndjson']) {
      const threads = path.join(dir, `threads.${format}`);
      const edges = path.join(dir, `edges.${format}`);
      expect(threadgraph(['export', 'threads', ...period, '--format', format, '--out', threads]).code).toBe(0);
      expect(threadgraph(['export', 'edges', ...period, '--format', format, '--out', edges]).code).toBe(0);
      expect(await duckdb(`SELECT id, interactions, depth, handleTimeSeconds, spanSeconds, transfers, journey FROM '${threads}'`)).toEqual(
        THREAD_ROWS.map((t) => ({ ...t, interactions: String(t.interactions), depth: String(t.depth), transfers: String(t.transfers) })),
      );
      const [a] = await duckdb(
        `SELECT status, epoch_ms(startedAt) AS startedAt, epoch_ms(closedAt) AS closedAt, rootId, externalId FROM '${threads}' WHERE id = 'A'`,
      );
      expect(a).toEqual({
        status: 'CLOSED',
        startedAt: String(Date.parse('2026-03-27T09:00:00Z')),
        closedAt: String(Date.parse('2026-03-28T08:20:00Z')),
        rootId: 'A1',
        externalId: 'C1',
      });
      expect(await duckdb(`SELECT parentId, childId, reason, parentChannel, childChannel FROM '${edges}'`)).toEqual(EDGE_ROWS);
      const [edge] = await duckdb(`SELECT threadId, createdAt IS NOT NULL AS made FROM '${edges}' LIMIT 1`);
      expect(edge).toEqual({ threadId: 'A', made: true });
    }
  });
});
