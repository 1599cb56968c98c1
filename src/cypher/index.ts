export { STATEMENTS, STATEMENT_NAMES } from './statements';
export type { StatementName, ParamsOf, RowOf } from './statements';
export { loadQueries, loadMigrations, cypherDir, statementFiles } from './registry';
export type { QueryRegistry } from './registry';
