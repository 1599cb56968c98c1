import { RequestContext } from '../graphql/context';
import { integrityReport, IntegrityReport } from './integrity';

export const integrityResolvers = {
  Query: {
    /** Admin only: it scans the tenant's whole graph, and it is about operating the service, not using it. */
    integrityReport: async (_: unknown, __: unknown, ctx: RequestContext): Promise<IntegrityReport> => {
      ctx.require('policy:admin');
      return integrityReport(ctx.db, ctx.tenant(), { counter: ctx.counter });
    },
  },
};
