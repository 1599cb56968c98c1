/**
 * The deepest a thread may ever be: a policy's maxDepth is 1..MAX_DEPTH_LIMIT. Every bounded path
 * in cypher/ is tied to it (a path inside one thread has at most MAX_DEPTH_LIMIT - 1 edges);
 * test/unit/cypher-bounds.test.ts reads the .cypher files and checks each bound against it.
 */
export const MAX_DEPTH_LIMIT = 20;
