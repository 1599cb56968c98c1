import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, GraphQLUnionType, Kind } from 'graphql';
import { ThreadgraphError } from '../errors';
import { INPUT_LIMITS, isWellFormed, shown } from '../model';

/**
 * The key fields of each entity type, read from its `@key(fields: "...")` directives: a type added
 * to the schema is covered without a change here. Only single-level keys are used by this subgraph.
 */
function entityKeys(schema: GraphQLSchema): Map<string, string[]> {
  const union = schema.getType('_Entity');
  const keys = new Map<string, string[]>();
  if (!(union instanceof GraphQLUnionType)) return keys;
  for (const type of union.getTypes()) {
    const directives = [type.astNode, ...type.extensionASTNodes].flatMap((n) => n?.directives ?? []);
    const fields = directives
      .filter((d) => d.name.value === 'key')
      .flatMap((d) => d.arguments ?? [])
      .filter((a) => a.name.value === 'fields' && a.value.kind === Kind.STRING)
      .flatMap((a) => (a.value.kind === Kind.STRING ? a.value.value.split(/\s+/).filter(Boolean) : []));
    keys.set(type.name, [...new Set(fields)]);
  }
  return keys;
}

const bad = (k: number, message: string) =>
  new ThreadgraphError('BAD_USER_INPUT', `representations[${k}] ${message}`, { representation: k });

/**
 * Checks `_entities` representations before federation resolves them: each must be an object whose
 * `__typename` names an entity of this subgraph, carrying that entity's key fields as strings. A
 * gateway never sends anything else; anything else used to reach a loader or the union's type
 * resolution and come back as INTERNAL_SERVER_ERROR.
 */
export function checkRepresentations(representations: unknown, keys: ReadonlyMap<string, string[]>): void {
  if (!Array.isArray(representations)) throw new ThreadgraphError('BAD_USER_INPUT', 'representations must be a list');
  representations.forEach((r: unknown, k) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw bad(k, 'must be an object');
    const { __typename: typename } = r as Record<string, unknown>;
    if (typeof typename !== 'string') throw bad(k, 'must name its __typename');
    const fields = keys.get(typename);
    if (!fields) throw bad(k, `names ${shown(typename)}, which is not an entity of this subgraph (${[...keys.keys()].join(', ')})`);
    for (const field of fields) {
      const value = (r as Record<string, unknown>)[field];
      if (typeof value !== 'string') throw bad(k, `must carry the key field ${field} of ${typename} as a string, got ${shown(value)}`);
      if (value.length > INPUT_LIMITS.keyLength || !isWellFormed(value)) {
        throw bad(k, `has a ${field} that is not a well-formed string of at most ${INPUT_LIMITS.keyLength} characters`);
      }
    }
  });
}

/** Puts checkRepresentations in front of the `_entities` resolver @apollo/subgraph built. */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = (schema.getQueryType() as GraphQLObjectType | null | undefined)?.getFields()._entities;
  if (!field?.resolve) return schema;
  const keys = entityKeys(schema);
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  field.resolve = (source, args: Record<string, unknown>, context, info) => {
    checkRepresentations(args.representations, keys);
    return resolve(source, args, context, info);
  };
  return schema;
}
