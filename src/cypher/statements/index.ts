import { Statement } from '../statement';
import { ANALYTICS_STATEMENTS } from './analytics';
import { AUDIT_STATEMENTS } from './audit';
import { IMPORT_STATEMENTS } from './import';
import { CORRECTION_STATEMENTS } from './corrections';
import { PRIVACY_STATEMENTS, RETENTION_STATEMENTS } from './privacy';
import { READ_STATEMENTS } from './read';
import { WRITE_STATEMENTS } from './write';
import { EVENT_STATEMENTS } from './events';
import { WEBHOOK_STATEMENTS } from './webhooks';

/**
 * Every statement in `cypher/`, one file per name (`cypher/<name>.cypher`; a name with a slash
 * lives in a subfolder), with its declared parameters and row. The registry refuses to start when
 * a file is missing or a file has no entry here.
 */
export const STATEMENTS = {
  ...READ_STATEMENTS,
  ...WRITE_STATEMENTS,
  ...AUDIT_STATEMENTS,
  ...EVENT_STATEMENTS,
  ...WEBHOOK_STATEMENTS,
  ...ANALYTICS_STATEMENTS,
  ...IMPORT_STATEMENTS,
  ...CORRECTION_STATEMENTS,
  ...PRIVACY_STATEMENTS,
  ...RETENTION_STATEMENTS,
};

export type StatementName = keyof typeof STATEMENTS;

type Shape<N extends StatementName> = (typeof STATEMENTS)[N];
/** What a statement takes, besides `$tenant`. */
export type ParamsOf<N extends StatementName> = Shape<N> extends Statement<infer P, object> ? P : never;
/** What each of its rows holds. */
export type RowOf<N extends StatementName> = Shape<N> extends Statement<object, infer R> ? R : never;

export const STATEMENT_NAMES = Object.keys(STATEMENTS) as StatementName[];
