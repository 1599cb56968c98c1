import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { pageSize } from '../threads';

/**
 * True when the selection on the current field (fragments on `typeName` included) asks for any
 * of `fields`. `_entities` selections hold fragments on other types (`... on Interaction { depth }`),
 * which do not count.
 */
export function selectsAny(info: GraphQLResolveInfo | undefined, typeName: string, fields: ReadonlySet<string>): boolean {
  if (!info) return false;
  const onType = (name: string | undefined) => name === undefined || name === typeName;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return fields.has(s.name.value);
      if (s.kind === Kind.INLINE_FRAGMENT) return onType(s.typeCondition?.name.value) && visit(s.selectionSet, seen);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = info.fragments[s.name.value];
      return onType(fragment?.typeCondition.name.value) && visit(fragment?.selectionSet, seen);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet, new Set()));
}

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

/**
 * The names of the fields selected at `path` below the current field (`['edges', 'node']` for a
 * connection's nodes), through fragments and aliases: what a resolver can tell its loader to read.
 * Directives are not evaluated, so a field under `@include(if: false)` still counts (a read of a
 * little more, never less).
 */
export function fieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const fieldsOf = (sets: readonly (SelectionSetNode | undefined)[]): FieldNode[] => {
    const out: FieldNode[] = [];
    const seen = new Set<string>();
    const visit = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD) out.push(s);
        else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
        else if (!seen.has(s.name.value)) {
          seen.add(s.name.value);
          visit(info.fragments[s.name.value]?.selectionSet);
        }
      }
    };
    sets.forEach(visit);
    return out;
  };
  let level = fieldsOf(info.fieldNodes.map((n) => n.selectionSet));
  for (const name of path) level = fieldsOf(level.filter((f) => f.name.value === name).map((f) => f.selectionSet));
  return new Set(level.map((f) => f.name.value));
}
