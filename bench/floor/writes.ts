import { FloorRoute, rowsOf, str } from './routes';

/** The floor of the write scenarios (bench/scenarios/writes.ts): one raw CREATE per request. */
export const WRITE_ROUTES: readonly FloorRoute[] = [
  {
    path: '/create',
    file: 'bench/floor/cypher/create.cypher',
    mode: 'write',
    params: (b) => ({
      tenant: str(b.tenant),
      id: str(b.id),
      type: str(b.type),
      externalId: str(b.externalId),
      startedAt: str(b.startedAt),
    }),
    // The shape of bench/graphql/create-interaction.graphql's answer.
    respond: (rows) => {
      const [row] = rowsOf<{ id: string; depth: number; stitchReason: string }>(rows);
      return {
        data: {
          createInteraction: {
            interaction: row ?? null,
            thread: row ? { id: row.id, status: 'OPEN' } : null,
            stitch: { parentId: null, reason: 'NEW_THREAD' },
            replayed: false,
          },
        },
      };
    },
  },
];
