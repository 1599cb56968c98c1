import { FLOOR_ROUTES, floorRoute, statementText } from '../../bench/floor';
import { parseOptions, picks, UsageError } from '../../bench/options';
import { mulberry32 } from '../../bench/prng';
import { ratiosOf, Row } from '../../bench/report';
import { checkScenarios, SCENARIOS } from '../../bench/scenarios';
import { threadViewDigest } from '../../bench/scenarios/digests';
import { merge, percentile, summarize } from '../../bench/stats';

/** The benchmark's own parts that need no database: its registry holds together, its arithmetic is right. */

/** A fixture with every field a read or write scenario's requests use (the mixed load's halves too). */
const readFixture = {
  tenant: 'bench-test',
  token: 'token',
  ids: ['thr-1', 'thr-2'],
  pool: Array.from({ length: 150 }, (_, k) => `thr-${k}`),
};
const writeFixture = {
  tenant: 'bench-test',
  floorTenant: 'bench-test-floor',
  token: 'token',
  runId: 'run',
  dataset: 'small',
  followUps: [{ customer: 'CUST-1', last: '2026-11-01T10:00:00.000Z' }],
  live: ['int-1'],
};
const fakeFixture = { ...readFixture, ...writeFixture, view: readFixture, write: writeFixture };

describe('the scenario registry', () => {
  it('has unique names, and every floor it names exists', () => {
    expect(() => checkScenarios()).not.toThrow();
  });

  it('sends every floor and driver request to a floor route that accepts its body', () => {
    for (const s of SCENARIOS.filter((x) => x.target !== 'service')) {
      const request = s.requests(fakeFixture, mulberry32(1))();
      const route = floorRoute(request.path);
      expect({ scenario: s.name, route: route?.path ?? null }).toEqual({ scenario: s.name, route: request.path });
      expect(() => route!.params(JSON.parse(request.body ?? '{}'))).not.toThrow();
    }
  });

  it('mixes thread views and creates 80/20 alike on the service and on its floor', () => {
    const tags = (name: string) => {
      const next = SCENARIOS.find((s) => s.name === name)!.requests(fakeFixture, mulberry32(3));
      return Array.from({ length: 500 }, () => next().tag);
    };
    const service = tags('mixed/service');
    expect(service).toEqual(tags('mixed/floor'));
    const reads = service.filter((t) => t === 'read').length;
    expect(reads / service.length).toBeGreaterThan(0.75);
    expect(reads / service.length).toBeLessThan(0.85);
  });

  it('draws the same requests for a scenario and its floor from the same seed', () => {
    const service = SCENARIOS.find((s) => s.name === 'entities/service')!;
    const floor = SCENARIOS.find((s) => s.name === 'entities/floor')!;
    const ids = (body: string) => {
      const parsed = JSON.parse(body);
      return parsed.ids ?? parsed.variables.representations.map((r: { id: string }) => r.id);
    };
    const a = service.requests(fakeFixture, mulberry32(7));
    const b = floor.requests(fakeFixture, mulberry32(7));
    for (let k = 0; k < 3; k++) {
      const [x, y] = [ids(a().body!), ids(b().body!)];
      expect(x).toHaveLength(100);
      expect(new Set(x).size).toBe(100);
      expect(x).toEqual(y);
    }
  });
});

describe('the floor routes', () => {
  it.each(FLOOR_ROUTES.map((r) => [r.path, r] as const))('%s sends its statement without comments', (_, route) => {
    const text = statementText(route);
    expect(text).toMatch(/RETURN/);
    expect(text).not.toMatch(/^\s*\/\//m);
  });

  it('answers the thread view in the shape (and with the digest) of the GraphQL answer', () => {
    const row = {
      id: 'thr-1',
      status: 'CLOSED',
      rootId: 'int-1',
      interactions: [
        {
          id: 'int-1',
          type: 'VOICE',
          state: 'TRANSFERRED',
          startedAt: '2026-01-01T10:00:00Z',
          endedAt: '2026-01-01T10:05:00.5Z',
          depth: 1,
          stitchReason: 'NEW_THREAD',
          handleSeconds: 300,
          parentId: null,
          participants: '[{"id":"CUST-1","role":"CUSTOMER","state":"DISCONNECTED"}]',
          metadata: '{"recordingUri":"s3://r/int-1.wav"}',
        },
      ],
      edges: [],
      totalSeconds: 300,
      spanSeconds: 300.5,
      byChannel: [{ channel: 'VOICE', seconds: 300, interactions: 1 }],
      ready: true,
    };
    const floorAnswer = JSON.stringify(floorRoute('/thread-view')!.respond([row]));
    const graphqlAnswer = JSON.stringify({
      data: {
        thread: {
          id: 'thr-1',
          status: 'CLOSED',
          root: { id: 'int-1' },
          interactions: [
            {
              id: 'int-1',
              type: 'VOICE',
              state: 'TRANSFERRED',
              startedAt: '2026-01-01T10:00:00.000Z',
              endedAt: '2026-01-01T10:05:00.500Z',
              depth: 1,
              stitchReason: 'NEW_THREAD',
              handleTime: { totalSeconds: 300 },
              participants: [{ id: 'CUST-1', role: 'CUSTOMER' }],
              parent: null,
            },
          ],
          edges: [],
          handleTime: { totalSeconds: 300, spanSeconds: 300.5, byChannel: [{ channel: 'VOICE', seconds: 300, interactions: 1 }] },
          playback: { ready: true, segments: [{ interactionId: 'int-1', recordingUri: 's3://r/int-1.wav' }] },
        },
      },
    });
    expect(threadViewDigest(floorAnswer)).toEqual(threadViewDigest(graphqlAnswer));
  });
});

describe('the options', () => {
  it('defaults to every scenario, 10 connections, 4 rounds of the 20 s and the compiled service', () => {
    const o = parseOptions([], {}, '/repo');
    expect(o).toMatchObject({
      scenarios: [],
      skip: [],
      connections: 10,
      rounds: 4,
      duration: 20,
      entry: 'build',
      profileDir: null,
      neo4j: null,
    });
  });

  it('reads lists, the boolean --profile and NEO4J_URI', () => {
    const o = parseOptions(['--scenarios', 'thread-view, entities', '--profile', '--entry=tsx'], { NEO4J_URI: 'bolt://x:1' }, '/repo');
    expect(o).toMatchObject({ scenarios: ['thread-view', 'entities'], entry: 'tsx', profileDir: '/repo/data/bench/profiles' });
    expect(o.neo4j).toEqual({ uri: 'bolt://x:1', user: 'neo4j', password: '' });
  });

  it('refuses unknown flags and bad values', () => {
    expect(() => parseOptions(['--nope', '1'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--entry', 'docker'], {})).toThrow(/--entry must be tsx or build/);
    expect(() => parseOptions(['--rounds', '0'], {})).toThrow(/--rounds must be an integer/);
  });

  it('picks scenarios by name or by the prefix before the slash', () => {
    expect(picks(['thread-view'], 'thread-view/service')).toBe(true);
    expect(picks(['thread-view'], 'thread-view-x/service')).toBe(false);
    expect(picks(['entities/floor'], 'entities/floor')).toBe(true);
    expect(picks(['entities/floor'], 'entities/service')).toBe(false);
  });
});

describe('the statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, k) => k + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile([7], 99)]).toEqual([50, 99, 7]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('merges rounds, tags included, and summarizes over the measured seconds', () => {
    const round = (ms: number[], tag: string) => ({
      seconds: 2,
      all: { latenciesMs: ms, errors: 1, bytes: 100 * ms.length },
      tags: { [tag]: { latenciesMs: ms, errors: 1, bytes: 100 * ms.length } },
      firstError: null,
    });
    const merged = merge([round([1, 2], 'read'), round([3, 4], 'create')]);
    expect(summarize(merged.all, merged.seconds)).toEqual({ requests: 4, errors: 2, perSecond: 1, p50: 2, p99: 4, meanBytes: 100 });
    expect(Object.keys(merged.tags).sort()).toEqual(['create', 'read']);
  });

  it('divides each scenario by its floor on the same dataset', () => {
    const row = (dataset: string, scenario: string, p50: number, perSecond: number): Row => ({
      dataset,
      interactions: 1,
      scenario,
      title: scenario,
      target: 'service',
      tag: null,
      summary: { requests: 1, errors: 0, perSecond, p50, p99: 2 * p50, meanBytes: 0 },
      roundP50s: [p50, 2 * p50, 3 * p50],
    });
    const rows = [row('small', 'a/service', 20, 50), row('small', 'a/floor', 10, 100), row('large', 'a/service', 30, 10)];
    expect(ratiosOf(rows, new Map([['a/service', 'a/floor']]))).toEqual([
      {
        dataset: 'small',
        scenario: 'a/service',
        floor: 'a/floor',
        p50: 2,
        p99: 2,
        perSecond: 0.5,
        p50ByRound: { median: 2, min: 2, max: 2 },
      },
    ]);
  });
});
