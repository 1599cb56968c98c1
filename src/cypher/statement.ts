/**
 * A statement's declared shape: the parameters it takes (without `$tenant`, which the tenant handle
 * adds to every call) and the row it returns, after `toPlain` (datetimes as ISO-8601 strings,
 * integers as numbers). Types only: the value is an empty object.
 */
export interface Statement<Params extends object, Row extends object> {
  readonly params?: Params;
  readonly row?: Row;
}

export const statement = <Params extends object, Row extends object>(): Statement<Params, Row> => ({});

/** No parameters beyond the tenant. */
export type NoParams = Record<string, never>;
