import { loadMigrations } from '../cypher';
import { Database } from './Database';

/** Applies every migration; each is an idempotent `IF NOT EXISTS` statement, so this is safe to repeat. */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  for (const m of loadMigrations()) {
    await db.runRaw(m.text);
    applied.push(m.name);
  }
  await db.runRaw('CALL db.awaitIndexes(300)');
  return applied;
}
