/**
 * The read path: whole threads by one bounded walk, TREE and chronological order, handle time,
 * playback, and keyset pages of threads and of an agent's interactions. Services take a TenantDb;
 * nothing here knows GraphQL.
 */
export { loadInteractions, loadThreads, loadChildren, summarizeThreads, walkThreads } from './reads';
export { loadThreadPages, loadAgentPages } from './pages';
export type { ThreadFilter, ThreadPageRequest, ThreadPageResult, AgentPageRequest } from './pages';
export { aggregatesOfSummary, aggregatesOfWalk } from './aggregates';
export type { ThreadAggregates } from './aggregates';
export { byStart, chronologicalOrder, treeOrder, assembleWalk, childrenByParent } from './walk';
export type { ThreadWalk } from './walk';
export { threadHandleTime, threadEndedAt } from './handleTime';
export type { ThreadHandleTime, ChannelHandleTime } from './handleTime';
export { playbackOf } from './playback';
export type { Playback, PlaybackSegment } from './playback';
export { connectionOf } from './connection';
export type { Connection, PageInfo, Positioned } from './connection';
export { decodeCursor, encodeCursor, pageSize } from './cursor';
export type { CursorKind, Position } from './cursor';
