import { ThreadgraphError } from '../../errors';
import { exportCustomer } from '../../privacy';
import { integrityReport, readPolicy } from '../../stitching';
import { RequestContext } from '../context';
import { QueryResolvers } from '../resolvers-types';
import { loadThread } from './Thread';
import { threadPage } from './ThreadConnection';

/**
 * Reading the policy needs `interaction:read` or `policy:admin`. Reading is harmless: the policy
 * only says how this tenant's own interactions are stitched, which any reader of its threads can
 * already see in their stitch reasons; an admin may read what they may write.
 */
function policyReader(ctx: RequestContext) {
  const scopes = ctx.principal?.scopes;
  if (scopes && !scopes.has('interaction:read') && !scopes.has('policy:admin')) {
    throw new ThreadgraphError('FORBIDDEN', 'Reading the stitching policy needs the "interaction:read" or "policy:admin" scope.');
  }
  // Without a principal this throws UNAUTHENTICATED; with one, it holds the scope named.
  return ctx.require(scopes?.has('policy:admin') ? 'policy:admin' : 'interaction:read');
}

export const Query: QueryResolvers = {
  interaction: (_, args, ctx) => {
    ctx.require('interaction:read');
    return ctx.loaders.interaction.load(args.id);
  },
  thread: (_, args, ctx, info) => loadThread(args.id, ctx, info),
  /** startedAfter is inclusive and startedBefore exclusive, so adjacent windows never overlap. */
  threads: (_, args, ctx, info) => {
    const f = args.filter ?? {};
    const filter = {
      externalId: f.externalId ?? null,
      type: f.type ?? null,
      status: f.status ?? null,
      startedAfter: f.startedAfter ?? null,
      startedBefore: f.startedBefore ?? null,
    };
    return threadPage(ctx, info, filter, args.first, args.after);
  },
  stitchingPolicy: (_, __, ctx) => readPolicy(policyReader(ctx)),
  /** Admin only: it scans the tenant's whole graph, and it is about operating the service, not using it. */
  integrityReport: (_, __, ctx) => integrityReport(ctx.require('policy:admin')),
  exportCustomer: (_, args, ctx) => exportCustomer(ctx.require('privacy:admin'), args.key),
};
