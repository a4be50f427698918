// What a 400's data[] may echo of the request. class-validator echoes, for every refused property, the
// object holding it (`target`) and what was sent (`value`); for an item of an array the target is the
// whole array, so N refused items would echo N copies of it: 2,000 bad amounts in a 126 KB batch made
// a 325 MB answer. Each item keeps its keys (target, value, property, children, constraints), but a
// big target or value is echoed as a short summary, and only the first errors are reported.

/** ajv errors reported in data[], the shallowest first; the rest are left out. */
export const MAX_REPORTED_ERRORS = 20;
/** The JSON size up to which a target or value is echoed whole. */
export const MAX_ECHO_CHARACTERS = 1024;

// JSON sizes of the objects already measured: the same array is the target of every one of its items.
const jsonSizes = new WeakMap<object, number>();

function jsonSizeOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)?.length ?? 0;
  let size = jsonSizes.get(value);
  if (size === undefined) {
    size = JSON.stringify(value).length;
    jsonSizes.set(value, size);
  }
  return size;
}

function summaryOf(value: unknown): string {
  if (Array.isArray(value)) return `(an array of ${value.length} items, not echoed)`;
  if (typeof value === 'string') return `(a string of ${value.length} characters, not echoed)`;
  return `(an object of ${Object.keys(value as object).length} properties, not echoed)`;
}

/**
 * A big object keeps its members in order while they fit, each big member summarised, so that a
 * target still shows the small fields beside the refused one (`senderAccountId` beside a long
 * `transaction`); members past the budget are left out.
 */
function boundedObject(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  let budget = MAX_ECHO_CHARACTERS;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = value[key];
    const echoed = jsonSizeOf(member) <= MAX_ECHO_CHARACTERS / 4 ? member : summaryOf(member);
    budget -= key.length + jsonSizeOf(echoed) + 4;
    if (budget < 0) break;
    copy[key] = echoed;
  }
  return copy;
}

/** The request's value as data[] echoes it: whole when small, else summarised (an object in part). */
export function echoOf(value: unknown): unknown {
  if (jsonSizeOf(value) <= MAX_ECHO_CHARACTERS) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return boundedObject(value as Record<string, unknown>);
  }
  return summaryOf(value);
}
