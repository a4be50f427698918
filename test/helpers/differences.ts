import { isDeepStrictEqual } from 'node:util';

/** Where two JSON-like values differ: one line per differing leaf, `path: actual ≠ expected`, the first `limit`. */
export function differences(actual: unknown, expected: unknown, limit = 20, path = '$'): string[] {
  if (isDeepStrictEqual(actual, expected)) return [];
  const bothObjects =
    typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null;
  if (!bothObjects || Array.isArray(actual) !== Array.isArray(expected)) {
    return [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  }
  const found: string[] = [];
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) {
    if (found.length >= limit) break;
    const step = Array.isArray(actual) ? `${path}[${key}]` : `${path}.${key}`;
    found.push(
      ...differences(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        limit - found.length,
        step,
      ),
    );
  }
  return found;
}
