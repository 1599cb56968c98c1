/**
 * What must be equal between threadgraph's answer and its floor's, for the pre-run check: the same
 * threads, interactions, edges and figures, whatever the order of lists the client does not rely
 * on and however each side prints an instant or a float.
 */

const instant = (v: unknown): number | null => (typeof v === 'string' ? Date.parse(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : null);
const byKey = <T>(items: T[], key: (t: T) => string): T[] => [...items].sort((a, b) => key(a).localeCompare(key(b)));

// The responses are the JSON both sides send, read here as `any`: a digest fails loudly (a
// TypeError, or unequal digests) on any answer that does not have the expected shape.

/** bench/graphql/thread.graphql's answer, or the thread-view floor's. */
export function threadViewDigest(body: string): unknown {
  const t = (JSON.parse(body) as any).data?.thread;
  if (!t) return null;
  return {
    id: t.id,
    status: t.status,
    root: t.root.id,
    interactions: byKey(
      (t.interactions as any[]).map((i) => ({
        id: i.id,
        type: i.type,
        state: i.state,
        startedAt: instant(i.startedAt),
        endedAt: instant(i.endedAt),
        depth: i.depth,
        stitchReason: i.stitchReason,
        handleSeconds: num(i.handleTime?.totalSeconds),
        participants: (i.participants as any[]).map((p) => `${p.role}:${p.id}`).sort(),
        parent: i.parent?.id ?? null,
      })),
      (i) => i.id,
    ),
    edges: (t.edges as any[]).map((e) => `${e.parentId}>${e.childId}:${e.reason}`).sort(),
    totalSeconds: num(t.handleTime.totalSeconds),
    // An open thread's span runs to now: it differs between two reads.
    spanSeconds: t.status === 'CLOSED' ? Math.round(t.handleTime.spanSeconds) : null,
    byChannel: byKey(
      (t.handleTime.byChannel as any[]).map((c) => ({ channel: c.channel, seconds: num(c.seconds), interactions: c.interactions })),
      (c) => c.channel,
    ),
    ready: t.playback.ready,
    segments: (t.playback.segments as any[]).map((s) => `${s.interactionId}:${s.recordingUri}`).sort(),
  };
}

/** bench/graphql/threads-page.graphql's answer, or the threads-page floor's: the page in its order. */
export function threadsPageDigest(body: string): unknown {
  const edges = (JSON.parse(body) as any).data?.threads?.edges as any[] | undefined;
  return (edges ?? []).map(({ node: t }) => ({
    id: t.id,
    status: t.status,
    startedAt: instant(t.startedAt),
    size: t.size,
    channels: [...(t.channels as string[])].sort(),
    totalSeconds: num(t.handleTime.totalSeconds),
  }));
}

/** bench/graphql/thread-entities.graphql's answer, or the entities floor's: one entry per representation, in order. */
export function entitiesDigest(body: string): unknown {
  const entities = (JSON.parse(body) as any).data?._entities as any[] | undefined;
  return (entities ?? []).map((t) => (t ? { id: t.id, size: t.size, totalSeconds: num(t.handleTime.totalSeconds) } : null));
}
