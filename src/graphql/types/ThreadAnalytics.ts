import {
  agents,
  channelTransitions,
  handleTime,
  journeys,
  parseFilter,
  parsePeriod,
  repeatContact,
  stitchingQuality,
  timeSeries,
  volume,
} from '../../analytics';
import { AgentFigureResolvers, QueryResolvers, ThreadAnalyticsResolvers } from '../resolvers-types';

/**
 * Query.threadAnalytics checks the scope and the range (and nothing runs when either is wrong);
 * each figure group is then a field of its own, one round trip each, so a client pays for the
 * groups it selects and no more.
 */
export const threadAnalytics: NonNullable<QueryResolvers['threadAnalytics']> = (_, args, ctx) => {
  ctx.require('analytics:read');
  return { period: parsePeriod(args.range, ctx.config.analytics.maxDays), filter: parseFilter(args.filter) };
};

export const ThreadAnalytics: ThreadAnalyticsResolvers = {
  from: (q) => q.period.from,
  to: (q) => q.period.to,
  timeZone: (q) => q.period.timeZone,
  volume: (q, _, ctx) => volume(ctx.require('analytics:read'), q),
  handleTime: (q, _, ctx) => handleTime(ctx.require('analytics:read'), q),
  timeSeries: (q, args, ctx) => timeSeries(ctx.require('analytics:read'), q, args.bucket ?? undefined),
  stitchingQuality: (q, _, ctx) => stitchingQuality(ctx.require('analytics:read'), q),
  repeatContact: (q, args, ctx) => repeatContact(ctx.require('analytics:read'), q, args.withinDays ?? undefined),
  channelTransitions: (q, _, ctx) => channelTransitions(ctx.require('analytics:read'), q),
  journeys: (q, args, ctx) => journeys(ctx.require('analytics:read'), q, args.top ?? undefined),
  agents: (q, args, ctx) => agents(ctx.require('analytics:read'), q, args.top ?? undefined),
};

/** The agent as a federation reference: the agents subgraph adds the name and the rest. */
export const AgentFigure: AgentFigureResolvers = {
  agent: (a) => ({ id: a.agentId }),
};
