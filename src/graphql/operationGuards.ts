import { ApolloServerPlugin } from '@apollo/server';
import { ASTVisitor, BREAK, GraphQLError, ValidationContext, ValidationRule, visit } from 'graphql';
import { ErrorCode } from '../errors';
import { isWellFormed } from '../model';
import { RequestContext } from './context';

/**
 * Guards around Apollo's request pipeline, so that nothing a client sends reaches the 500 path:
 * Apollo answers 500 for any exception thrown outside parsing and execution (validate() runs
 * outside a try), and masks errors it raises without a code.
 */

export const NESTED_TOO_DEEPLY = 'The operation is nested too deeply.';

/** A GraphQLError Apollo answers with `status` and our `code` (a plugin hook may throw it). */
function refusal(message: string, code: ErrorCode, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

type VisitFn = (...args: unknown[]) => unknown;

/**
 * graphql-armor's depth and cost rules recurse once per selection level. Within the token limit an
 * operation can nest about 1,600 levels, enough to overflow the stack in a cold process; a RangeError
 * thrown from validate() would be a 500. This reports it as a validation error (400) instead.
 */
export function catchStackOverflow(rule: ValidationRule): ValidationRule {
  return (context) => {
    const visitor = rule(context) as Record<string, unknown>;
    // armor's visitors are class instances whose handlers use `this`: call them on the original.
    const guard =
      (fn: VisitFn): VisitFn =>
      (...args) => {
        try {
          return fn.apply(visitor, args);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          context.reportError(new GraphQLError(NESTED_TOO_DEEPLY));
          return BREAK;
        }
      };
    const wrapped: Record<string, unknown> = {};
    for (const key of allKeys(visitor)) {
      const value = visitor[key];
      if (typeof value === 'function') wrapped[key] = guard(value as VisitFn);
      else if (value && typeof value === 'object') {
        const { enter, leave } = value as { enter?: VisitFn; leave?: VisitFn };
        wrapped[key] = { ...(enter ? { enter: guard(enter) } : {}), ...(leave ? { leave: guard(leave) } : {}) };
      }
    }
    return wrapped as ASTVisitor;
  };
}

/** A visitor's handler names, own and inherited (armor's rules are classes whose methods live on the prototype). */
function allKeys(visitor: object): string[] {
  const keys = new Set<string>();
  for (let o: object | null = visitor; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== 'constructor') keys.add(k);
  }
  return [...keys];
}

/**
 * graphql 16 does not validate an operation whose root type the schema lacks: execute() then fails
 * with an error Apollo masks as INTERNAL_SERVER_ERROR. This refuses it during validation (400);
 * graphql 17 ships the same rule.
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This service does not serve ${node.operation} operations.`, { nodes: node }));
      }
    },
  };
}

/** Every string a client sent (variables and literals, keys included) is well-formed Unicode, or the operation is refused. */
function assertWellFormedInput(document: Parameters<typeof visit>[0], variables: unknown): void {
  const stack: unknown[] = [variables];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!isWellFormed(v)) throw malformed();
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (!isWellFormed(key)) throw malformed();
        stack.push(item);
      }
    }
  }
  visit(document, {
    StringValue(node) {
      if (!isWellFormed(node.value)) throw malformed();
    },
  });
}

const malformed = () =>
  refusal(
    'The operation carries a string that is not well-formed Unicode (a lone UTF-16 surrogate): it would not be stored as sent.',
    'BAD_USER_INPUT',
  );

/**
 * Checks each operation once it is known, before anything runs: subscriptions are not served over
 * HTTP (should the schema ever gain a Subscription type), and every string must be well-formed.
 */
export const inputGuards: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (operation?.operation === 'subscription') {
          throw refusal('Subscriptions are not served over HTTP.', 'BAD_REQUEST');
        }
        assertWellFormedInput(document, request.variables);
      },
    };
  },
};

/**
 * The last line: a stack overflow anywhere before execution (graphql's own validation rules on a
 * deeply nested operation) would be answered 500. Apollo lets the first plugin that throws from
 * this hook answer instead, so this plugin must come first in the list.
 */
export const stackOverflowIs400: ApolloServerPlugin<RequestContext> = {
  async unexpectedErrorProcessingRequest({ error }) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw refusal(NESTED_TOO_DEEPLY, 'GRAPHQL_VALIDATION_FAILED');
    }
  },
};
