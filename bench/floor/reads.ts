import { FloorRoute, plain, rowsOf, str, strings } from './routes';

/** The floors of the read scenarios (bench/scenarios/reads.ts). */

/** One interaction as thread-view.cypher returns it. */
interface ViewInteraction {
  id: string;
  type: string;
  state: string;
  startedAt: string;
  endedAt: string | null;
  depth: number;
  stitchReason: string;
  handleSeconds: number | null;
  parentId: string | null;
  /** JSON text of [{id, role, state}]. */
  participants: string;
  /** JSON text of the metadata object (null for an interaction created without one). */
  metadata: string | null;
}

/** The one row of thread-view.cypher. */
interface ThreadViewRow {
  id: string;
  status: string;
  rootId: string;
  interactions: ViewInteraction[];
  edges: { parentId: string; childId: string; reason: string }[];
  totalSeconds: number;
  spanSeconds: number;
  byChannel: { channel: string; seconds: number; interactions: number }[];
  ready: boolean;
}

/** The thread view in the shape bench/graphql/thread.graphql asks for. */
function threadView(row: ThreadViewRow): unknown {
  const segments: { interactionId: string; recordingUri: string | null }[] = [];
  const interactions = row.interactions.map((i) => {
    const metadata = (JSON.parse(i.metadata ?? 'null') ?? {}) as { recordingUri?: string; transcriptUri?: string };
    if (metadata.recordingUri || metadata.transcriptUri)
      segments.push({ interactionId: i.id, recordingUri: metadata.recordingUri ?? null });
    return {
      id: i.id,
      type: i.type,
      state: i.state,
      startedAt: i.startedAt,
      endedAt: i.endedAt,
      depth: i.depth,
      stitchReason: i.stitchReason,
      handleTime: i.handleSeconds === null ? null : { totalSeconds: i.handleSeconds },
      participants: (JSON.parse(i.participants) as { id: string; role: string }[]).map((p) => ({ id: p.id, role: p.role })),
      parent: i.parentId === null ? null : { id: i.parentId },
    };
  });
  return {
    id: row.id,
    status: row.status,
    root: { id: row.rootId },
    interactions,
    edges: row.edges,
    handleTime: { totalSeconds: row.totalSeconds, spanSeconds: row.spanSeconds, byChannel: row.byChannel },
    playback: { ready: row.ready, segments },
  };
}

export const READ_ROUTES: readonly FloorRoute[] = [
  {
    path: '/thread-view',
    file: 'bench/floor/cypher/thread-view.cypher',
    mode: 'read',
    params: (b) => ({ tenant: str(b.tenant), id: str(b.id) }),
    respond: (rows) => {
      const [row] = rowsOf<ThreadViewRow>(rows);
      return { data: { thread: row ? threadView(row) : null } };
    },
  },
  {
    // threadgraph's own walk, answered as it comes (temporal values as ISO strings): a reference line.
    path: '/walk-threads',
    file: 'cypher/walk-threads.cypher',
    mode: 'read',
    params: (b) => ({ tenant: str(b.tenant), ids: [str(b.id)] }),
    respond: (rows) => ({ data: rows.map(plain) }),
  },
  {
    path: '/threads-page',
    file: 'bench/floor/cypher/threads-page.cypher',
    mode: 'read',
    params: (b) => ({ tenant: str(b.tenant), first: Number(b.first) }),
    respond: (rows) => ({
      data: {
        threads: {
          edges: rowsOf<{ id: string; status: string; startedAt: string; size: number; channels: string[]; totalSeconds: number }>(
            rows,
          ).map((r) => ({
            node: {
              id: r.id,
              status: r.status,
              startedAt: r.startedAt,
              size: r.size,
              channels: r.channels,
              handleTime: { totalSeconds: r.totalSeconds },
            },
          })),
        },
      },
    }),
  },
  {
    path: '/entities',
    file: 'bench/floor/cypher/entities.cypher',
    mode: 'read',
    params: (b) => ({ tenant: str(b.tenant), ids: strings(b.ids) }),
    respond: (rows) => ({
      data: {
        _entities: rowsOf<{ id: string; size: number; totalSeconds: number }>(rows).map((r) => ({
          __typename: 'Thread',
          id: r.id,
          size: r.size,
          handleTime: { totalSeconds: r.totalSeconds },
        })),
      },
    }),
  },
];
