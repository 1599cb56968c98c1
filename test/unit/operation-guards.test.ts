import { buildSchema, getOperationAST, GraphQLError, parse, validate, ValidationRule } from 'graphql';
import { checkRepresentations } from '../../src/graphql/entities';
import { catchStackOverflow, KnownOperationTypesRule, NESTED_TOO_DEEPLY } from '../../src/graphql/operationGuards';
import { operationLabel } from '../../src/graphql/operationMetrics';

describe('the guards around Apollo’s pipeline', () => {
  const schema = buildSchema('type Query { a: Int b: Int }');

  it('turn a stack overflow inside a validation rule into a validation error, where it used to be a 500', () => {
    const recurse = (): number => recurse() + 1;
    const overflowing: ValidationRule = () => ({ Field: () => void recurse() });
    expect(() => validate(schema, parse('{ a }'), [overflowing])).toThrow(RangeError);
    expect(validate(schema, parse('{ a }'), [catchStackOverflow(overflowing)]).map((e) => e.message)).toEqual([NESTED_TOO_DEEPLY]);
  });

  it('keep a wrapped rule’s own errors and its `this`', () => {
    class Counting {
      seen = 0;
      constructor(private readonly report: (m: string) => void) {}
      Field = { leave: () => this.report(`field ${++this.seen}`) };
    }
    const rule: ValidationRule = (ctx) => new Counting((m) => ctx.reportError(new GraphQLError(m))) as never;
    expect(validate(schema, parse('{ a b }'), [catchStackOverflow(rule)]).map((e) => e.message)).toEqual(['field 1', 'field 2']);
  });

  it('refuse an operation whose root type the schema lacks during validation', () => {
    expect(validate(schema, parse('subscription { a }'), [KnownOperationTypesRule]).map((e) => e.message)).toEqual([
      'This service does not serve subscription operations.',
    ]);
    expect(validate(schema, parse('mutation { a }'), [KnownOperationTypesRule])).toHaveLength(1);
    expect(validate(schema, parse('{ a }'), [KnownOperationTypesRule])).toEqual([]);
  });

  it('label an operation by its root field, bounded by the schema whatever the operation is called', () => {
    const label = (q: string) => {
      const doc = parse(q);
      return operationLabel(getOperationAST(doc) ?? undefined, doc);
    };
    expect(label('query Anything { a }')).toBe('query.a');
    expect(label('{ x: a y: a }')).toBe('query.a');
    expect(label('{ a b }')).toBe('query.multiple');
    expect(label('{ ...F } fragment F on Query { b }')).toBe('query.b');
    expect(label('mutation { createInteraction }')).toBe('mutation.createInteraction');
    expect(operationLabel(undefined, undefined)).toBe('invalid');
  });

  it('check _entities representations against the entity keys', () => {
    const keys = new Map([
      ['Interaction', ['id']],
      ['Customer', ['externalId']],
    ]);
    expect(() =>
      checkRepresentations(
        [
          { __typename: 'Interaction', id: '1' },
          { __typename: 'Customer', externalId: 'C' },
        ],
        keys,
      ),
    ).not.toThrow();
    for (const bad of [
      [{ __typename: 'Interaction' }],
      [{ __typename: 'Query', id: '1' }],
      [{ __typename: 'Interaction', id: 1 }],
      [null],
      'x',
    ]) {
      expect(() => checkRepresentations(bad, keys)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });
});
