// A JSON Schema of the OpenAPI document written out as a TypeScript-like type, for people to read.
type Schema = Record<string, unknown>;

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');
const pad = (depth: number) => '  '.repeat(depth);

function scalar(schema: Schema): string {
  const type = schema.type as string | undefined;
  if (type === 'string') return schema.format ? `string (${schema.format})` : 'string';
  if (type === 'integer' || type === 'number') return type === 'integer' ? 'integer' : 'number';
  if (type === 'boolean' || type === 'null') return type;
  return 'unknown';
}

function objectText(schema: Schema, depth: number): string {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (!names.length) {
    const values = schema.additionalProperties;
    return values && typeof values === 'object' ? `{ [key: string]: ${schemaText(values as Schema, depth)} }` : 'object';
  }
  const lines = names.map((name) => {
    const property = properties[name];
    const notes = [property.description, property.default !== undefined ? `default ${JSON.stringify(property.default)}` : undefined].filter(Boolean);
    const comment = notes.length ? `  // ${notes.join('; ')}` : '';
    return `${pad(depth + 1)}${name}${required.has(name) ? '' : '?'}: ${schemaText(property, depth + 1)};${comment}`;
  });
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

/** `schema` as a type: named schemas by name, objects field by field with `?` for optional ones. */
export function schemaText(schema: Schema, depth = 0): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return union.map((s) => schemaText(s, depth)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') {
    const item = schemaText((schema.items ?? {}) as Schema, depth);
    return / \| /.test(item) ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === 'object' || schema.properties) return objectText(schema, depth);
  return scalar(schema);
}
