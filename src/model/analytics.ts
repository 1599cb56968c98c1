import { Channel, StitchReason } from './types';

/**
 * The figures cypher/analytics/*.cypher return, as the rows arrive (after toPlain: instants as
 * ISO-8601 UTC strings). The README's "For analysts" section defines each one.
 */

/** A distribution over threads: how many, their sum, mean and nearest-rank percentiles (null when count is 0). */
export interface Stats {
  count: number;
  sum: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface VolumeFigures {
  threads: number;
  interactions: number;
  customers: number;
  interactionsPerThread: Stats;
  /** Threads per depth, the depths that occur, shallowest first. */
  byDepth: { depth: number; threads: number }[];
  /** Threads per size bucket (1, 2, 3-4, 5-8, 9-16, 17+; max null for the last), every bucket. */
  bySize: { min: number; max: number | null; threads: number }[];
}

/** Handle time of the interactions in one cell of a breakdown. */
export interface HandleTimeCell {
  interactions: number;
  seconds: number;
  /** seconds / ended interactions; null when none has ended. */
  meanSeconds: number | null;
}

export interface HandleTimeFigures {
  perThread: Stats;
  byChannel: (HandleTimeCell & { channel: Channel })[];
  byDepth: (HandleTimeCell & { depth: number })[];
  /** First start to last end, closed threads only. */
  span: Stats;
}

export type TimeBucket = 'DAY' | 'WEEK';

export interface TimeSeriesPoint {
  /** The bucket's first local date (a Monday for weeks), YYYY-MM-DD. */
  date: string;
  /** Local midnight of that date, and of the next bucket's, as instants. */
  start: string;
  end: string;
  /** 24 for most days, 23 or 25 across a daylight-saving change. */
  hours: number;
  threads: number;
  interactions: number;
  customers: number;
  handleTimeSeconds: number;
  meanHandleTimeSeconds: number | null;
  p50HandleTimeSeconds: number | null;
  p90HandleTimeSeconds: number | null;
  closedThreads: number;
  meanSpanSeconds: number | null;
}

export interface StitchingQuality {
  interactions: number;
  byReason: { reason: StitchReason; interactions: number; share: number | null }[];
  orphans: number;
  orphanRate: number | null;
  keyedInteractions: number;
  keyedWithoutParent: number;
  nullParentRate: number | null;
  ambiguousKeyRefusals: number;
  ambiguousKeyRate: number | null;
  /** Threads with an AUTO_STITCH or GRACE_PERIOD interaction: the customer came back within the window. */
  followUpThreads: number;
  followUpRate: number | null;
}

export interface RepeatContactFigures {
  withinDays: number;
  closedThreads: number;
  repeatThreads: number;
  repeatRate: number | null;
  firstContactResolutionRate: number | null;
  laterContactThreads: number;
  noNextContactThreads: number;
  windowOpenThreads: number;
  daysToNextContact: { days: number; threads: number }[];
}

export interface ChannelTransition {
  from: Channel;
  to: Channel;
  reason: StitchReason;
  edges: number;
}

export interface ChannelTransitionFigures {
  threads: number;
  transfers: number;
  transfersPerThread: number | null;
  transitions: ChannelTransition[];
}

export interface Journey {
  channels: Channel[];
  /** The channels joined by '>': VOICE>VOICE>WEB_CHAT. */
  path: string;
  threads: number;
  share: number;
  meanHandleTimeSeconds: number;
}

export interface JourneyFigures {
  threads: number;
  /** How many distinct sequences the period's threads had. */
  journeys: number;
  top: Journey[];
}

export interface AgentFigure {
  agentId: string;
  interactions: number;
  threads: number;
  handleTimeSeconds: number;
  meanHandleTimeSeconds: number | null;
}

export interface AgentFigures {
  /** How many agents handled any interaction of the period's threads. */
  agents: number;
  top: AgentFigure[];
}

/** A row of the thread export. */
export interface ThreadExportRow {
  id: string;
  rootId: string;
  externalId: string | null;
  externalThreadId: string | null;
  status: string;
  startedAt: string;
  closedAt: string | null;
  channels: Channel[];
  interactions: number;
  depth: number | null;
  handleTimeSeconds: number;
  spanSeconds: number | null;
  transfers: number;
  journey: string;
}

/** A row of the interaction export. */
export interface InteractionExportRow {
  id: string;
  threadId: string;
  parentId: string | null;
  depth: number;
  channel: Channel;
  state: string;
  externalId: string | null;
  startedAt: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  handleTimeSeconds: number;
  stitchReason: StitchReason;
  agentIds: string[];
}

/** A row of the edge export. */
export interface EdgeExportRow {
  parentId: string;
  childId: string;
  threadId: string;
  reason: StitchReason;
  parentChannel: Channel;
  childChannel: Channel;
  createdAt: string | null;
}
