import { ThreadgraphError } from '../errors';
import { RequestContext } from '../graphql/context';
import { StitchingPolicy } from './policy';
import { readPolicyForRead, updatePolicy } from './policyStore';

/**
 * Reading the policy needs `interaction:read` or `policy:admin`. Reading is harmless: the policy
 * only says how this tenant's own interactions are stitched, which any reader of its threads can
 * already see in their stitch reasons. An admin may read what they may write (the mutation returns
 * it anyway), so `policy:admin` alone suffices too.
 */
function requirePolicyReader(ctx: RequestContext): void {
  const scopes = ctx.principal?.scopes;
  if (scopes && !scopes.has('interaction:read') && !scopes.has('policy:admin')) {
    throw new ThreadgraphError('FORBIDDEN', 'Reading the stitching policy needs the "interaction:read" or "policy:admin" scope.');
  }
  // Without a principal this throws UNAUTHENTICATED; with one, it holds the scope named.
  ctx.require(scopes?.has('policy:admin') ? 'policy:admin' : 'interaction:read');
}

export const policyResolvers = {
  Query: {
    stitchingPolicy: async (_: unknown, __: unknown, ctx: RequestContext): Promise<StitchingPolicy> => {
      requirePolicyReader(ctx);
      return readPolicyForRead(ctx.db, ctx.tenant(), ctx.counter);
    },
  },
  Mutation: {
    /** Only the fields given change; the others keep their stored (or default) values. */
    updateStitchingPolicy: async (_: unknown, args: { input: Partial<StitchingPolicy> }, ctx: RequestContext): Promise<StitchingPolicy> => {
      ctx.require('policy:admin');
      return updatePolicy(ctx.db, ctx.tenant(), args.input, ctx.counter);
    },
  },
};
