export { Database } from './Database';
export { newCounter } from './run';
export type { QueryCounter } from './run';
export { TenantDb, TenantTx } from './TenantDb';
export { JobDb, JobTx } from './JobDb';
export { connect, credentialsOf, openDatabase } from './connect';
export { migrate } from './migrate';
export { startLocalNeo4j, ensureLauncherBuilt, LocalNeo4jError } from './localNeo4j';
export type { LocalNeo4j } from './localNeo4j';
