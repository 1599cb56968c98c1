import { GraphQLScalarType, Kind, ValueNode, valueFromASTUntyped } from 'graphql';
import { instantRefusal, parseInstant } from '../../model';

/** DateTime: an instant with an offset on input (model/instant.ts, as REST checks it), ISO-8601 UTC on output. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: (v) => parseInstant(v),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw instantRefusal('DateTime', valueFromASTUntyped(ast));
    return parseInstant(ast.value);
  },
});

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables ? variables[ast.name.value] : undefined;
  }
}

/** JSON: any JSON value, as given. */
export const JSON = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
