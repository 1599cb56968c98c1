import { ThreadgraphError } from '../errors';
import { INPUT_LIMITS } from './limits';
import { shown } from './shown';

function bad(message: string): never {
  throw new ThreadgraphError('BAD_USER_INPUT', message);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed (ES2024), which this project's TypeScript lib does not declare yet. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Neo4j stores strings as UTF-8: a lone UTF-16 surrogate would become U+FFFD on the way in, so two
 * different ids could land on one stored id. Such strings are refused wherever a client sends one.
 */
export function assertWellFormed(value: string, field: string): void {
  if (!isWellFormed(value)) bad(`${field} is not well-formed Unicode (it contains a lone UTF-16 surrogate)`);
}

/**
 * An identifier a client names: a non-empty string of at most `max` characters, well-formed,
 * without control characters. Returned as given (ids are never trimmed: " a" and "a" differ).
 */
export function checkIdentifier(value: unknown, field: string, max: number = INPUT_LIMITS.idLength): string {
  if (typeof value !== 'string') bad(`${field} must be a string, got ${shown(value)}`);
  if (value.length === 0) bad(`${field} must not be empty`);
  if (value.length > max) bad(`${field} must be at most ${max} characters, got ${value.length}`);
  assertWellFormed(value, field);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) bad(`${field} must not contain control characters`);
  return value;
}

/**
 * True when an id a client asks for could name a stored interaction at all: a lookup of anything
 * else is simply not found (it cannot exist), never a database error.
 */
export function isPlausibleId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= INPUT_LIMITS.idLength && isWellFormed(value);
}

/**
 * Checks a JSON value a client sends (metadata) without recursion, so no nesting can overflow the
 * stack: at most INPUT_LIMITS.jsonDepth levels, at most INPUT_LIMITS.jsonBytes of JSON text, every
 * string and key well-formed, and only JSON (finite numbers, no functions or undefined in arrays).
 */
export function checkJson(value: unknown, field: string): void {
  const { jsonDepth, jsonBytes } = INPUT_LIMITS;
  // Bytes are counted as we go (an upper bound of the JSON text), so a huge value stops early.
  let bytes = 0;
  const count = (n: number) => {
    bytes += n;
    if (bytes > jsonBytes) bad(`${field} must be at most ${jsonBytes} bytes of JSON`);
  };
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: field }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (v === null || typeof v === 'boolean') {
      count(5);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad(`${path} must be a finite number`);
      count(24);
    } else if (typeof v === 'string') {
      assertWellFormed(v, path);
      count(Buffer.byteLength(v, 'utf8') + 2);
    } else if (typeof v === 'object') {
      if (depth > jsonDepth) bad(`${field} must be nested at most ${jsonDepth} levels deep`);
      const entries = Array.isArray(v) ? v.map((x, k) => [String(k), x] as const) : Object.entries(v as Record<string, unknown>);
      count(2);
      for (const [key, item] of entries) {
        if (!Array.isArray(v)) {
          assertWellFormed(key, `a key in ${path}`);
          count(Buffer.byteLength(key, 'utf8') + 4);
        }
        if (item === undefined && !Array.isArray(v)) continue; // dropped by JSON.stringify, as JSON has no undefined
        stack.push({ value: item, depth: depth + 1, path: Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}` });
      }
    } else {
      bad(`${path} must be JSON (got a ${typeof v})`);
    }
  }
}
