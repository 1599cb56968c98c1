import { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { codeLabel } from '../metrics';
import { RequestContext } from './context';

/**
 * The metrics label of an operation: its type and root field (`query.thread`,
 * `mutation.createInteraction`), `<type>.multiple` for several root fields, `invalid` for one that
 * never got past parsing and validation. Root fields come from the schema, so the label's values
 * are bounded whatever clients send (an operation name would not be).
 */
export function operationLabel(operation: OperationDefinitionNode | undefined, document: DocumentNode | undefined): string {
  if (!operation) return 'invalid';
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document?.definitions ?? []) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names = new Set<string>();
  const seen = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  while (pending.length > 0) {
    for (const s of pending.pop()!.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) pending.push(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) pending.push(f.selectionSet);
      }
    }
  }
  const type = operation.operation;
  return names.size === 1 ? `${type}.${[...names][0]}` : `${type}.${names.size === 0 ? 'none' : 'multiple'}`;
}

type Ctx = GraphQLRequestContext<RequestContext>;

function formattedErrors(ctx: Ctx): readonly { extensions?: Record<string, unknown> }[] {
  const body = ctx.response.body;
  if (!body) return [];
  return (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
}

/** Counts every GraphQL operation: by operation and outcome, its time, its Cypher round trips, and each error code answered. */
export const operationMetrics: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ contextValue }) {
    const stop = contextValue.metrics.operationSeconds.startTimer();
    return {
      async willSendResponse(ctx) {
        const m = ctx.contextValue.metrics;
        const operation = operationLabel(ctx.operation, ctx.document);
        const errors = formattedErrors(ctx);
        m.operations.inc({ operation, code: codeLabel(errors[0]?.extensions?.code) });
        for (const e of errors) m.refusals.inc({ code: codeLabel(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        m.cypherRoundTrips.observe({ operation }, ctx.contextValue.counter.count);
        stop({ operation });
      },
    };
  },
};
