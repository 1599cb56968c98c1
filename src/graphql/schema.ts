import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema, GraphQLResolverMap } from '@apollo/subgraph';
import { GraphQLSchema, parse } from 'graphql';
import { interactionResolvers } from './resolvers/interaction';
import { queryResolvers } from './resolvers/query';
import { DateTimeScalar, JSONScalar } from './resolvers/scalars';
import { agentResolvers, customerResolvers, threadConnectionResolvers, threadQueryResolvers, threadResolvers } from '../threads';
import { integrityResolvers } from '../stitching/integrityResolvers';
import { policyResolvers } from '../stitching/policyResolvers';
import { stitchingResolvers } from '../stitching/resolvers';

export function schemaDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../schema'), path.resolve(__dirname, '../../../schema')]) {
    if (fs.existsSync(path.join(candidate, 'base.graphql'))) return candidate;
  }
  throw new Error(`schema/ folder not found near ${__dirname}`);
}

/** The SDL, as the files in schema/ hold it (base first). */
export function loadTypeDefs(dir = schemaDir()): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

/** Field resolvers are split by concept; each module contributes its types' entries. */
const RESOLVER_MODULES: GraphQLResolverMap<unknown>[] = [
  { DateTime: DateTimeScalar, JSON: JSONScalar } as unknown as GraphQLResolverMap<unknown>,
  interactionResolvers as unknown as GraphQLResolverMap<unknown>,
  queryResolvers as unknown as GraphQLResolverMap<unknown>,
  // read side
  threadResolvers as unknown as GraphQLResolverMap<unknown>,
  threadConnectionResolvers as unknown as GraphQLResolverMap<unknown>,
  threadQueryResolvers as unknown as GraphQLResolverMap<unknown>,
  customerResolvers as unknown as GraphQLResolverMap<unknown>,
  agentResolvers as unknown as GraphQLResolverMap<unknown>,
  policyResolvers as unknown as GraphQLResolverMap<unknown>,
  integrityResolvers as unknown as GraphQLResolverMap<unknown>,
  stitchingResolvers as unknown as GraphQLResolverMap<unknown>,
];

export function mergeResolvers(modules: GraphQLResolverMap<unknown>[]): GraphQLResolverMap<unknown> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const m of modules) {
    for (const [type, fields] of Object.entries(m)) {
      if (fields instanceof Object && !('serialize' in fields)) {
        merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
      } else {
        (merged as Record<string, unknown>)[type] = fields;
      }
    }
  }
  return merged as GraphQLResolverMap<unknown>;
}

export function buildSchema(): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(loadTypeDefs()), resolvers: mergeResolvers(RESOLVER_MODULES) }]);
}
