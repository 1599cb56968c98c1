export { Database, WriteTx } from './Database';
export type { QueryCounter, Row } from './Database';
export { connect, credentialsOf, openDatabase } from './connect';
export { migrate } from './migrate';
export { startLocalNeo4j, ensureLauncherBuilt, LocalNeo4jError } from './localNeo4j';
export type { LocalNeo4j } from './localNeo4j';
