import { ThreadgraphError } from '../errors';
import { recordStitch } from '../metrics';
import { handleTimeOf, metadataOf, participantsOf } from '../model';
import { createInteraction, CreateInteractionInput, CreateResult } from '../stitching';
import { sendJson } from './io';
import { Route } from './server';

/**
 * POST /api/v2/interactions: the Unified Interaction payload, as middleware and CRMs send it.
 * Answers 201 with the same result as the createInteraction mutation (also for a replay, marked
 * `replayed` and with `Idempotent-Replayed: true`), or 4xx with `{ error: { code, message } }`.
 */
export const createInteractionRoute: Route = async (req, res, ctx) => {
  if (ctx.path !== '/api/v2/interactions') return false;
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new ThreadgraphError('METHOD_NOT_ALLOWED', 'Use POST to create an interaction.');
  }
  const h = await ctx.authorize('interaction:write');
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new ThreadgraphError('BAD_USER_INPUT', `Content-Type must be application/json, got "${contentType}"`);
  }
  const payload = parseJson(await ctx.body());
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ThreadgraphError('BAD_USER_INPUT', 'The request body must be a JSON object (the Unified Interaction payload).');
  }
  const key = req.headers['idempotency-key'];
  const result = await createInteraction(h, payload as CreateInteractionInput, { idempotencyKey: Array.isArray(key) ? key[0] : key });
  recordStitch(ctx.metrics, result);
  ctx.logger.info(
    { interactionId: result.interaction.id, reason: result.stitch.reason, replayed: result.replayed },
    'interaction created over REST',
  );
  sendJson(res, 201, toRest(result), {
    location: `/api/v2/interactions/${encodeURIComponent(result.interaction.id)}`,
    ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
  return true;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ThreadgraphError('BAD_USER_INPUT', 'The request body is not valid JSON.');
  }
}

/** The REST body: the same fields a GraphQL client selecting everything would get. */
function toRest(result: CreateResult): unknown {
  const i = result.interaction;
  return {
    interaction: {
      id: i.id,
      type: i.type,
      externalId: i.externalId,
      state: i.state,
      startedAt: i.startedAt,
      endedAt: i.endedAt,
      handleTime: handleTimeOf(i),
      subject: i.subject,
      metadata: metadataOf(i),
      participants: participantsOf(i),
      phoneNumber: i.phoneNumber,
      email: i.email,
      parentId: i.parentId,
      requestedParentId: i.requestedParentId ?? null,
      depth: i.depth,
      stitchReason: i.stitchReason,
      threadId: i.threadId,
    },
    thread: {
      id: result.thread.id,
      externalId: result.thread.externalId,
      externalThreadId: result.thread.externalThreadId,
      continuesThreadId: result.thread.continuesThreadId ?? null,
      status: result.thread.status,
      startedAt: result.thread.startedAt,
      closedAt: result.thread.closedAt,
    },
    stitch: result.stitch,
    replayed: result.replayed,
  };
}
