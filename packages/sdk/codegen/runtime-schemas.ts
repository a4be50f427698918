// The schemas the SDK checks arguments against before sending (src/validate.ts), written as code: only
// the validation keywords, named models as shared constants so the long enums appear once.

import type { Models } from './models.js';
import type { JsonSchema } from './openapi.js';

const KEEP = [
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'required',
] as const;

export class RuntimeSchemas {
  /** Named models the emitted expressions refer to. */
  readonly used = new Set<string>();

  constructor(private readonly models: Models) {}

  /** A TypeScript expression for `schema`; `prefix` qualifies references to named constants. */
  expression(schema: JsonSchema, prefix: string, self?: string): string {
    const named = this.models.nameFor(schema);
    if (named && named !== self) {
      this.used.add(named);
      return `${prefix}${named}`;
    }
    if (Array.isArray(schema.type)) {
      const { type, ...rest } = schema;
      return this.expression({ anyOf: type.map((t) => ({ ...rest, type: t })) }, prefix);
    }
    const parts: string[] = [];
    if (typeof schema.type === 'string') parts.push(`type: ${JSON.stringify(schema.type)}`);
    for (const keyword of KEEP) {
      if (schema[keyword] !== undefined) parts.push(`${keyword}: ${JSON.stringify(schema[keyword])}`);
    }
    if (schema.items) parts.push(`items: ${this.expression(schema.items, prefix)}`);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) parts.push(`anyOf: [${variants.map((v) => this.expression(v, prefix)).join(', ')}]`);
    if (schema.properties) {
      const properties = Object.entries(schema.properties).map(
        ([key, inner]) => `${JSON.stringify(key)}: ${this.expression(inner, prefix)}`,
      );
      parts.push(`properties: { ${properties.join(', ')} }`);
    }
    return `{ ${parts.join(', ')} }`;
  }

  /** schemas.ts: the constants `used` needs, each after the ones it refers to. */
  emit(header: string): string {
    const bodies = new Map<string, string>();
    const dependencies = new Map<string, string[]>();
    const pending = [...this.used];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (bodies.has(name)) continue;
      const before = new Set(this.used);
      this.used.clear();
      bodies.set(name, this.expression(this.models.byName.get(name)!, '', name));
      dependencies.set(name, [...this.used]);
      pending.push(...this.used);
      for (const n of before) this.used.add(n);
      for (const n of dependencies.get(name)!) this.used.add(n);
    }
    const ordered: string[] = [];
    const visit = (name: string) => {
      if (ordered.includes(name)) return;
      for (const dependency of dependencies.get(name)!.sort()) visit(dependency);
      ordered.push(name);
    };
    [...bodies.keys()].sort().forEach(visit);
    const constants = ordered.map((name) => `export const ${name}: Schema = ${bodies.get(name)};\n`);
    return `${header}\nimport type { Schema } from '../operation.js';\n\n${constants.join('\n')}`;
  }
}
