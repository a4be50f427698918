import type { JsonSchema } from './openapi.js';

/** The documented bounds of a schema in words, e.g. "1 to 50" or "10 to 50 characters". */
export function boundsText(schema: JsonSchema): string {
  const range = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && min === max) return `exactly ${min}${unit}`;
    if (min !== undefined && max !== undefined) return `${min} to ${max}${unit}`;
    if (min !== undefined) return `at least ${min}${unit}`;
    if (max !== undefined) return `at most ${max}${unit}`;
    return '';
  };
  const parts = [
    range(schema.minLength, schema.maxLength, ' characters'),
    range(schema.minimum, schema.maximum, ''),
    range(schema.minItems, schema.maxItems, ' items'),
    typeof schema.pattern === 'string' ? `matches \`${schema.pattern}\`` : '',
  ];
  return parts.filter(Boolean).join(', ');
}
