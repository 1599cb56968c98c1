export { QUERY_NAMES } from './queries';
export type { QueryName } from './queries';
export { loadQueries, loadMigrations, cypherDir } from './registry';
export type { QueryRegistry } from './registry';
