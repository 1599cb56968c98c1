import { App } from '../../src/app';
import { gql, GqlResponse } from './app';

export const FEED =
  'query($after: String, $first: Int, $types: [String!]) { threadEvents(after: $after, first: $first, types: $types) { edges { cursor node { id type version occurredAt tenant sequence data } } pageInfo { endCursor hasNextPage } } }';

export interface FeedEvent {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  tenant: string;
  sequence: number;
  data: any;
}

/** Polls `check` every 25 ms until it returns a value, for at most `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, what = 'a condition'): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every event of the token's tenant from the feed, once at least `count` are numbered. */
export async function feedOf(app: App, token: string, count: number): Promise<FeedEvent[]> {
  return eventually(
    async () => {
      const events: FeedEvent[] = [];
      let after: string | null = null;
      for (;;) {
        const res: GqlResponse = await gql(app, FEED, { after, first: 100 }, token);
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        const page: { edges: { node: FeedEvent }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } = res.data!.threadEvents;
        events.push(...page.edges.map((e) => e.node));
        after = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) break;
      }
      return events.length >= count ? events : undefined;
    },
    10_000,
    `${count} numbered events`,
  );
}
