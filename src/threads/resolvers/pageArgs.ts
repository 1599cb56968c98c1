import { GraphQLResolveInfo, Kind } from 'graphql';
import { pageSize } from '../cursor';

/**
 * The checked page size of a connection field. A `first` the client wrote is refused above the
 * cap (BAD_USER_INPUT); the schema's default (20) is not the client's choice, so when an operator
 * sets PAGE_SIZE_MAX below it the default shrinks to the cap instead of failing every query.
 */
export function firstOf(first: number | null | undefined, info: GraphQLResolveInfo, max: number): number {
  const node = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'first');
  const written = node !== undefined && (node.value.kind !== Kind.VARIABLE || info.variableValues[node.value.name.value] !== undefined);
  return pageSize(written ? first : Math.min(first ?? max, max), max);
}
