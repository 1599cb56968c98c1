import { CorrectionRecord, InteractionRecord, ThreadRecord } from '../../model';
import { statement } from '../statement';

/** The verdicts of detach-interaction.cypher (see the file for what each means). */
export type DetachVerdict = 'OK' | 'NOT_FOUND' | 'MOVED' | 'ROOT';

/** Corrections of the graph and their audit trail. */
export const CORRECTION_STATEMENTS = {
  'detach-interaction': statement<
    { id: string; newThreadId: string; correctionId: string; by: string | null; note: string | null },
    {
      verdict: DetachVerdict;
      interaction: InteractionRecord | null;
      thread: ThreadRecord | null;
      fromThread: ThreadRecord | null;
      correction: CorrectionRecord | null;
      formerParentId: string | null;
    }
  >(),
  'interaction-history': statement<{ ids: string[]; limit: number }, { id: string; history: CorrectionRecord[] }>(),
  'thread-history': statement<{ ids: string[]; limit: number }, { id: string; history: CorrectionRecord[] }>(),
};
