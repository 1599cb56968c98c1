import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { ThreadgraphError } from '../errors';
import { INPUT_LIMITS, isWellFormed } from '../model';

/**
 * A tenant's compositePattern runs on every create of that tenant, on a key the client chose. With
 * the JavaScript engine a pattern like ^(a+)+$ backtracks exponentially and blocks the event loop
 * for every tenant; RE2 (re2js, a pure-JS port) matches in time linear in the key, whatever the
 * pattern. Its syntax is JavaScript's without backreferences and lookaround, which RE2 refuses.
 */

/** Compiled patterns above this many RE2 instructions are refused: matching costs key length x program size. */
export const MAX_PROGRAM_SIZE = 1000;

/** A pattern's problem, in words an admin can act on; null when the pattern is usable. */
export function compositePatternProblem(pattern: unknown): string | null {
  try {
    compile(pattern);
    return null;
  } catch (error) {
    if (error instanceof PatternProblem) return error.message;
    throw error;
  }
}

class PatternProblem extends Error {}

function compile(pattern: unknown): RE2JS {
  if (typeof pattern !== 'string') throw new PatternProblem('compositePattern must be a string');
  if (pattern.length > INPUT_LIMITS.patternLength) {
    throw new PatternProblem(`compositePattern must be at most ${INPUT_LIMITS.patternLength} characters`);
  }
  if (!isWellFormed(pattern)) throw new PatternProblem('compositePattern is not well-formed Unicode');
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) {
    throw new PatternProblem('compositePattern must be anchored (start with ^ and end with $) so it matches the full key');
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      throw new PatternProblem(
        `compositePattern is not a supported regular expression (RE2 syntax: no backreferences, lookahead or lookbehind): ${error.getDescription()}`,
      );
    }
    if (error instanceof RE2JSException) throw new PatternProblem(`compositePattern cannot be compiled: ${error.message}`);
    throw error;
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    throw new PatternProblem(`compositePattern is too complex (${re.programSize()} RE2 instructions, at most ${MAX_PROGRAM_SIZE})`);
  }
  return re;
}

/** Compiled patterns by text, least recently used first: a pattern is compiled once per process, not per create. */
const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 500;

function compiled(pattern: string): RE2JS {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  let re: RE2JS;
  try {
    re = compile(pattern);
  } catch (error) {
    if (!(error instanceof PatternProblem)) throw error;
    // Saved before RE2 checked patterns (a lookahead, say): refuse the create and say how to fix it.
    throw new ThreadgraphError('INVALID_POLICY', `The tenant's stored ${error.message}; update the stitching policy.`);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** True when `value` matches `pattern` in full (as ^(?:pattern)$ would), in linear time. */
export function matchesCompositePattern(pattern: string, value: string): boolean {
  return compiled(pattern).testExact(value);
}
