import { App } from '../../src/app';

/** What a client gets back, read as text first: a refusal must be JSON, and must not leak internals. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Sends a raw body to a path of the app (GraphQL or REST), as a careless or hostile client would. */
export async function send(app: App, path: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(app.url.replace('/graphql', path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The error codes of an answer, GraphQL (`errors[].extensions.code`) or REST (`error.code`). */
export function codesOf(answer: Answer): string[] {
  const body = answer.json ?? {};
  if (Array.isArray(body.errors)) return body.errors.map((e: any) => e?.extensions?.code);
  if (body.error) return [body.error.code];
  return [];
}

/** Text that must never reach a client: stack traces, JS error names, driver internals. */
export const INTERNAL_TEXT = /RangeError|TypeError|Maximum call stack|at [\w.<>]+ \(|node_modules|Neo4jError|Neo\.ClientError|\.ts:\d+/;

/**
 * Every node and relationship a tenant owns, as one comparable fingerprint. The event sequencer's
 * numbering of committed events (sequence, sequencedAt, the PendingEvent label) is left out: it
 * runs in the background after a write, not as part of any request. So is the webhook machinery's
 * (deliveries fanned out from committed events, an endpoint's cursor, counts, last error, lease, and
 * its disabling as FAILING by the delivery worker).
 */
export async function fingerprint(app: App, tenant: string): Promise<string> {
  const rows = await app.db.runRaw(
    `MATCH (n {tenant: $tenant})
     WHERE NOT n:WebhookDelivery
     OPTIONAL MATCH (n)-[r]->()
     WITH n, collect(type(r) + '>' + coalesce(endNode(r).id, '')) AS out
     RETURN collect(n { .*, sequence: null, sequencedAt: null, cursor: null, deliveredCount: null, failedCount: null,
                        failingSince: null, lastError: null, lastSuccessAt: null, lastFailureAt: null, status: null,
                        leaseOwner: null, leaseUntil: null, pendingCount: null, disabledAt: null, disabledReason: null, labels: [l IN labels(n) WHERE l <> 'PendingEvent'], out: out }) AS nodes`,
    { tenant },
  );
  const stable = (n: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(n)
        .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return ((rows[0]?.nodes ?? []) as Record<string, unknown>[]).map(stable).sort().join('\n');
}

/** How many nodes the tenant owns. */
export async function nodeCount(app: App, tenant: string): Promise<number> {
  const rows = await app.db.runRaw('MATCH (n {tenant: $tenant}) RETURN count(n) AS n', { tenant });
  return rows[0]!.n as number;
}
