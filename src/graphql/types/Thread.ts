import { GraphQLResolveInfo } from 'graphql';
import { ThreadgraphError } from '../../errors';
import { ThreadRecord } from '../../model';
import { chronologicalOrder, playbackOf, threadEndedAt, threadHandleTime, ThreadWalk } from '../../threads';
import { RequestContext } from '../context';
import { ThreadResolvers } from '../resolvers-types';
import { selectsAny } from '../selection';

/**
 * What a walk's fields derive from it, computed once per walk: a nested query can reach the same
 * thread many times, and an open thread's span (which runs to now) must read the same each time.
 */
const derived = new WeakMap<
  ThreadWalk,
  { endedAt: string | null; handleTime: ReturnType<typeof threadHandleTime>; playback: ReturnType<typeof playbackOf> }
>();

function derivedOf(walk: ThreadWalk) {
  let d = derived.get(walk);
  if (!d) {
    d = { endedAt: threadEndedAt(walk.tree), handleTime: threadHandleTime(walk.tree, new Date()), playback: playbackOf(walk.tree) };
    derived.set(walk, d);
  }
  return d;
}

/**
 * Every field that needs the thread's interactions reads one walk of it, shared by the whole
 * request through the walk loader: a thread costs one round trip whatever its size and whatever
 * is nested below it.
 */
async function walkOf(t: ThreadRecord, ctx: RequestContext): Promise<ThreadWalk> {
  const walk = await ctx.loaders.walk.load(t.id);
  if (!walk) throw new ThreadgraphError('NOT_FOUND', `Thread ${t.id} no longer exists.`);
  return walk;
}

/** The Thread fields read from its walk; the others come from the Thread node alone. */
const WALK_FIELDS: ReadonlySet<string> = new Set(['root', 'interactions', 'edges', 'depth', 'size', 'endedAt', 'handleTime', 'playback']);

/**
 * Loads a thread for Query.thread and _entities: straight from its walk when the selection needs
 * one (the walk carries the Thread node too, so that is one round trip, not two), else the node alone.
 */
export async function loadThread(id: string, ctx: RequestContext, info?: GraphQLResolveInfo): Promise<ThreadRecord | null> {
  ctx.require('interaction:read');
  if (selectsAny(info, 'Thread', WALK_FIELDS)) return (await ctx.loaders.walk.load(id))?.thread ?? null;
  return ctx.loaders.thread.load(id);
}

export const Thread: ThreadResolvers = {
  __resolveReference: (ref, ctx, info) => loadThread(ref.id, ctx, info),
  root: async (t, _, ctx) => {
    const walk = await walkOf(t, ctx);
    if (!walk.root) throw new ThreadgraphError('NOT_FOUND', `The root ${t.rootId} of thread ${t.id} was not found.`);
    return walk.root;
  },
  interactions: async (t, args, ctx) => {
    const walk = await walkOf(t, ctx);
    return args.order === 'CHRONOLOGICAL' ? chronologicalOrder(walk.tree) : walk.tree;
  },
  edges: async (t, _, ctx) => (await walkOf(t, ctx)).edges,
  depth: async (t, _, ctx) => Math.max(0, ...(await walkOf(t, ctx)).tree.map((i) => i.depth)),
  size: async (t, _, ctx) => (await walkOf(t, ctx)).tree.length,
  endedAt: async (t, _, ctx) => derivedOf(await walkOf(t, ctx)).endedAt,
  handleTime: async (t, _, ctx) => derivedOf(await walkOf(t, ctx)).handleTime,
  playback: async (t, _, ctx) => derivedOf(await walkOf(t, ctx)).playback,
};
