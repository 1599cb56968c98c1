export const SCOPES = [
  'interaction:read',
  'interaction:write',
  'policy:admin',
  'webhook:admin',
  'analytics:read',
  'privacy:admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the tenant every query is scoped to, and what they may do. */
export interface Principal {
  readonly tenant: string;
  readonly subject: string | null;
  readonly scopes: ReadonlySet<string>;
}
