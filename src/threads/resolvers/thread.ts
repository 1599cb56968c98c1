import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import type { RequestContext } from '../../graphql/context';
import { ThreadgraphError } from '../../errors';
import { ThreadRecord } from '../../model';
import { threadEndedAt, threadHandleTime } from '../handleTime';
import { playbackOf } from '../playback';
import { chronologicalOrder, ThreadWalk } from '../walk';

/**
 * What a walk's fields derive from it, computed once per walk: a nested query can reach the same
 * thread many times, and an open thread's span (which runs to now) must read the same each time.
 */
const derived = new WeakMap<ThreadWalk, { endedAt: string | null; handleTime: ReturnType<typeof threadHandleTime>; playback: ReturnType<typeof playbackOf> }>();

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
const WALK_FIELDS = new Set(['root', 'interactions', 'edges', 'depth', 'size', 'endedAt', 'handleTime', 'playback']);

const onThread = (typeName: string | undefined) => typeName === undefined || typeName === 'Thread';

/** True when the selection on this field (fragments on Thread included) asks for anything a walk provides. */
function selectsWalk(info: GraphQLResolveInfo | undefined): boolean {
  if (!info) return false;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return WALK_FIELDS.has(s.name.value);
      // `_entities` selections hold fragments on other types (`... on Interaction { depth }`).
      if (s.kind === Kind.INLINE_FRAGMENT) return onThread(s.typeCondition?.name.value) && visit(s.selectionSet, seen);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = info.fragments[s.name.value];
      return onThread(fragment?.typeCondition.name.value) && visit(fragment?.selectionSet, seen);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet, new Set()));
}

/**
 * Loads a thread for Query.thread and _entities: straight from its walk when the selection needs
 * one (the walk carries the Thread node too, so that is one round trip, not two), else the node alone.
 */
export async function loadThread(id: string, ctx: RequestContext, info?: GraphQLResolveInfo): Promise<ThreadRecord | null> {
  ctx.require('interaction:read');
  if (selectsWalk(info)) return (await ctx.loaders.walk.load(id))?.thread ?? null;
  return ctx.loaders.thread.load(id);
}

export const threadResolvers = {
  Thread: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext, info: GraphQLResolveInfo) => loadThread(ref.id, ctx, info),
    root: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => {
      const walk = await walkOf(t, ctx);
      if (!walk.root) throw new ThreadgraphError('NOT_FOUND', `The root ${t.rootId} of thread ${t.id} was not found.`);
      return walk.root;
    },
    interactions: async (t: ThreadRecord, args: { order?: 'TREE' | 'CHRONOLOGICAL' | null }, ctx: RequestContext) => {
      const walk = await walkOf(t, ctx);
      return args.order === 'CHRONOLOGICAL' ? chronologicalOrder(walk.tree) : walk.tree;
    },
    edges: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => (await walkOf(t, ctx)).edges,
    depth: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => Math.max(0, ...(await walkOf(t, ctx)).tree.map((i) => i.depth)),
    size: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => (await walkOf(t, ctx)).tree.length,
    endedAt: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => derivedOf(await walkOf(t, ctx)).endedAt,
    handleTime: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => derivedOf(await walkOf(t, ctx)).handleTime,
    playback: async (t: ThreadRecord, _: unknown, ctx: RequestContext) => derivedOf(await walkOf(t, ctx)).playback,
  },
};
