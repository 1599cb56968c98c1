import { App } from '../../src/app';
import { gql, GqlResponse } from './app';

export const RESULT_FIELDS = `
  interaction { id type externalId state depth stitchReason startedAt endedAt phoneNumber email parent { id } thread { id status externalThreadId closedAt } }
  thread { id status externalId externalThreadId closedAt }
  stitch { parentId reason warnings { code message } }
  replayed
`;

/** A GraphQL client for the write API of one tenant. */
export class Writer {
  constructor(
    readonly app: App,
    readonly token: string,
  ) {}

  create(input: Record<string, unknown>, idempotencyKey?: string): Promise<GqlResponse> {
    return gql(
      this.app,
      `mutation($input: CreateInteractionInput!, $key: String) { createInteraction(input: $input, idempotencyKey: $key) { ${RESULT_FIELDS} } }`,
      { input, key: idempotencyKey ?? null },
      this.token,
    );
  }

  /** Creates and fails the test if the service refused. */
  async created(input: Record<string, unknown>, idempotencyKey?: string): Promise<Record<string, any>> {
    const res = await this.create(input, idempotencyKey);
    if (res.errors) throw new Error(`createInteraction refused: ${JSON.stringify(res.errors)}`);
    return res.data!.createInteraction;
  }

  link(childId: string, parentId: string): Promise<GqlResponse> {
    return gql(
      this.app,
      'mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id depth parent { id } thread { id } } }',
      { c: childId, p: parentId },
      this.token,
    );
  }

  transfer(id: string, to: Record<string, unknown>): Promise<GqlResponse> {
    return gql(
      this.app,
      `mutation($id: ID!, $to: TransferInput!) { transferInteraction(id: $id, to: $to) { ${RESULT_FIELDS} } }`,
      { id, to },
      this.token,
    );
  }

  end(id: string, input: Record<string, unknown> = {}): Promise<GqlResponse> {
    return gql(
      this.app,
      'mutation($id: ID!, $input: EndInteractionInput) { endInteraction(id: $id, input: $input) { id state endedAt handleTime { totalSeconds } thread { id status closedAt } } }',
      { id, input },
      this.token,
    );
  }

  /** Ends and fails the test if the service refused. */
  async ended(id: string, input: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await this.end(id, input);
    if (res.errors) throw new Error(`endInteraction refused: ${JSON.stringify(res.errors)}`);
    return res.data!.endInteraction;
  }

  async policy(input: Record<string, unknown>): Promise<void> {
    const res = await gql(
      this.app,
      'mutation($input: StitchingPolicyInput!) { updateStitchingPolicy(input: $input) { maxDepth } }',
      { input },
      this.token,
    );
    if (res.errors) throw new Error(`updateStitchingPolicy refused: ${JSON.stringify(res.errors)}`);
  }

  async interaction(id: string): Promise<Record<string, any> | null> {
    const res = await gql(
      this.app,
      'query($id: ID!) { interaction(id: $id) { id state depth externalId stitchReason endedAt parent { id } thread { id status closedAt externalThreadId } } }',
      { id },
      this.token,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.interaction;
  }
}
