/**
 * The deepest a thread may ever be: a policy's maxDepth is 1..MAX_DEPTH_LIMIT. Every bounded path
 * in cypher/ is tied to it (a path inside one thread has at most MAX_DEPTH_LIMIT - 1 edges);
 * test/unit/cypher-bounds.test.ts reads the .cypher files and checks each bound against it.
 */
export const MAX_DEPTH_LIMIT = 20;

/**
 * Limits on client input, the same over GraphQL and REST (README "Limits on input"). Each keeps
 * one request from costing the service, or the graph, more than a real client ever needs.
 */
export const INPUT_LIMITS = {
  /** Interaction, participant and agent ids (a UUID is 36). */
  idLength: 200,
  /** externalId and the CRM's threading.threadId. */
  keyLength: 256,
  /** Nesting of metadata: an object in an object … at most this deep (the metadata object itself is 1). */
  jsonDepth: 16,
  /** metadata as JSON text, in UTF-8 bytes. */
  jsonBytes: 65_536,
  /** Participants of one interaction. */
  participants: 100,
  /** talkSeconds, holdSeconds, afterCallWorkSeconds: 0 to 30 days. */
  durationSeconds: 30 * 24 * 3600,
  /** A tenant's compositePattern, in characters. */
  patternLength: 256,
  /** A connection cursor, in characters (ours are under 200). */
  cursorLength: 1024,
} as const;

/** The years a date-time may name: stitching windows are days long, so anything else is a typo or an attack. */
export const INSTANT_YEARS = { from: 1900, to: 2100 } as const;
