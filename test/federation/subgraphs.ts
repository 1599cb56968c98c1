import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/** A small subgraph started on a free port, with its SDL for composition. */
export interface RunningSubgraph {
  name: string;
  url: string;
  sdl: string;
  stop(): Promise<void>;
}

async function startSubgraph(name: string, sdl: string, resolvers: Record<string, Record<string, unknown>>): Promise<RunningSubgraph> {
  // buildSubgraphSchema's resolver map is loosely typed; these resolvers are plain functions.
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { name, url, sdl, stop: () => server.stop() };
}

export interface CustomerRow {
  externalId: string;
  name: string;
}

/** The CRM: it owns Customer (name and all); threadgraph adds Customer.threads. */
export function startCrm(customers: CustomerRow[]): Promise<RunningSubgraph> {
  const byKey = new Map(customers.map((c) => [c.externalId, c]));
  return startSubgraph(
    'crm',
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
     type Customer @key(fields: "externalId") { externalId: String! name: String! }
     type Query { customer(externalId: String!): Customer customers: [Customer!]! }`,
    {
      Query: { customer: (_: unknown, a: { externalId: string }) => byKey.get(a.externalId) ?? null, customers: () => customers },
      Customer: { __resolveReference: (ref: { externalId: string }) => byKey.get(ref.externalId) ?? null },
    },
  );
}

export interface AgentRow {
  id: string;
  name: string;
}

/** The agents directory: it owns Agent; threadgraph adds Agent.interactions. */
export function startAgents(agents: AgentRow[]): Promise<RunningSubgraph> {
  const byId = new Map(agents.map((a) => [a.id, a]));
  return startSubgraph(
    'agents',
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
     type Agent @key(fields: "id") { id: ID! name: String! }
     type Query { agent(id: ID!): Agent }`,
    {
      Query: { agent: (_: unknown, a: { id: string }) => byId.get(a.id) ?? null },
      Agent: { __resolveReference: (ref: { id: string }) => byId.get(ref.id) ?? null },
    },
  );
}
