import { GraphQLResolveInfo } from 'graphql';
import { ThreadgraphError } from '../../errors';
import { ThreadRecord } from '../../model';
import { aggregatesOfSummary, aggregatesOfWalk, chronologicalOrder, playbackOf, ThreadAggregates, ThreadWalk } from '../../threads';
import { RequestContext } from '../context';
import { ThreadResolvers } from '../resolvers-types';
import { selectsAny } from '../selection';

/**
 * What a walk's or a summary's fields derive from it, computed once: a nested query can reach the
 * same thread many times, and an open thread's span (which runs to now) must read the same each time.
 */
const aggregates = new WeakMap<object, ThreadAggregates>();
const playbacks = new WeakMap<ThreadWalk, ReturnType<typeof playbackOf>>();

function once<K extends object, V>(memo: WeakMap<K, V>, key: K, make: () => V): V {
  let v = memo.get(key);
  if (v === undefined) {
    v = make();
    memo.set(key, v);
  }
  return v;
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

/** size, depth, endedAt, handle time: from the summary the thread was loaded with, else from its walk. */
async function aggregatesOf(t: ThreadRecord, ctx: RequestContext): Promise<ThreadAggregates> {
  const { summary } = t;
  if (summary) return once(aggregates, summary, () => aggregatesOfSummary(summary, new Date()));
  const walk = await walkOf(t, ctx);
  return once(aggregates, walk, () => aggregatesOfWalk(walk.tree, new Date()));
}

/** The Thread fields that need its interactions: they read its walk. */
const WALK_FIELDS: ReadonlySet<string> = new Set(['root', 'interactions', 'edges', 'playback']);
/** The Thread fields the database can count and sum without returning an interaction. */
const SUMMARY_FIELDS: ReadonlySet<string> = new Set(['depth', 'size', 'endedAt', 'handleTime']);

const hasAny = (fields: ReadonlySet<string>, of: ReadonlySet<string>) => [...of].some((f) => fields.has(f));

/** How a selection of Thread fields is best read: its walk, its aggregates (a short row), or the node alone. */
export function threadReadFor(fields: ReadonlySet<string>): 'walk' | 'summary' | 'node' {
  if (hasAny(fields, WALK_FIELDS)) return 'walk';
  return hasAny(fields, SUMMARY_FIELDS) ? 'summary' : 'node';
}

/**
 * Loads a thread for Query.thread and _entities as its selection needs it, in one round trip: from
 * its walk when it needs interactions (the walk carries the Thread node too), with its aggregates
 * counted in the database when it needs only those, else the node alone.
 */
export async function loadThread(id: string, ctx: RequestContext, info?: GraphQLResolveInfo): Promise<ThreadRecord | null> {
  ctx.require('interaction:read');
  if (selectsAny(info, 'Thread', WALK_FIELDS)) return (await ctx.loaders.walk.load(id))?.thread ?? null;
  if (selectsAny(info, 'Thread', SUMMARY_FIELDS)) return ctx.loaders.summary.load(id);
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
  depth: async (t, _, ctx) => (await aggregatesOf(t, ctx)).depth,
  size: async (t, _, ctx) => (await aggregatesOf(t, ctx)).size,
  endedAt: async (t, _, ctx) => (await aggregatesOf(t, ctx)).endedAt,
  handleTime: async (t, _, ctx) => (await aggregatesOf(t, ctx)).handleTime,
  playback: async (t, _, ctx) => {
    const walk = await walkOf(t, ctx);
    return once(playbacks, walk, () => playbackOf(walk.tree));
  },
  history: (t, _, ctx) => ctx.loaders.threadHistory.load(t.id),
};
