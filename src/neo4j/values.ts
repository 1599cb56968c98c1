import neo4j from 'neo4j-driver';

/**
 * Turns what the driver returns into plain JSON-friendly values: temporal values become ISO-8601
 * UTC strings (millisecond precision), nodes become their properties. Integers are already numbers
 * (the driver runs with disableLosslessIntegers).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isDateTime(value as never)) {
    return (value as { toStandardDate(): Date }).toStandardDate().toISOString();
  }
  if (neo4j.isNode(value as never)) return toPlain((value as { properties: unknown }).properties);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
