import { buildSubgraphSchema, GraphQLSchemaModule } from '@apollo/subgraph';
import { GraphQLSchema } from 'graphql';
import { guardEntities } from './entities';
import { Resolvers } from './resolvers-types';
import { sdl } from './typeDefs';
import { Agent } from './types/Agent';
import { Customer } from './types/Customer';
import { Interaction } from './types/Interaction';
import { Mutation } from './types/Mutation';
import { Query } from './types/Query';
import { Subscription } from './types/Subscription';
import { DateTime, JSON } from './types/scalars';
import { Thread } from './types/Thread';
import { AgentFigure, ThreadAnalytics, threadAnalytics } from './types/ThreadAnalytics';
import { ThreadConnection } from './types/ThreadConnection';
import { Long, ThreadEventQuery } from './types/ThreadEvent';
import { WebhookDelivery, WebhookEndpoint, WebhookMutation, WebhookQuery } from './types/WebhookEndpoint';

/** One schema module: the SDL of src/graphql/types/<name>.graphql and the resolvers beside it. */
const schemaModule = (name: string, resolvers?: Resolvers): GraphQLSchemaModule => ({ typeDefs: sdl(name), resolvers });

/** The subgraph, with `_entities` representations checked before federation resolves them (entities.ts). */
export function buildSchema(): GraphQLSchema {
  return guardEntities(subgraphSchema());
}

/** Every SDL file with its resolvers (a type without one uses the default field resolvers). */
function subgraphSchema(): GraphQLSchema {
  return buildSubgraphSchema([
    schemaModule('base', { DateTime, JSON }),
    schemaModule('Interaction', { Interaction }),
    schemaModule('Thread', { Thread }),
    schemaModule('ThreadConnection', { ThreadConnection }),
    schemaModule('Customer', { Customer }),
    schemaModule('Agent', { Agent }),
    schemaModule('StitchingPolicy'),
    schemaModule('IntegrityReport'),
    schemaModule('History'),
    schemaModule('Privacy'),
    schemaModule('Query', { Query }),
    schemaModule('Mutation', { Mutation }),
    schemaModule('ThreadEvent', { Long, Query: ThreadEventQuery }),
    schemaModule('WebhookEndpoint', { WebhookEndpoint, WebhookDelivery, Query: WebhookQuery, Mutation: WebhookMutation }),
    schemaModule('ThreadAnalytics', { Query: { threadAnalytics }, ThreadAnalytics, AgentFigure }),
    schemaModule('Subscription', { Subscription }),
  ]);
}
