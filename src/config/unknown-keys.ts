import { z } from 'zod';

/**
 * Lists the keys of `value` that `schema` does not declare, each as a full path
 * (`['buildings', 0, 'chatID']`). Parsing strips such keys silently; use this beside the parse to
 * warn about them, since an unknown key is usually a typo of a known one.
 * Only the parts of `value` shaped like the schema are walked: a list where an object belongs is
 * the parse's error to report, not a source of warnings.
 */
export function findUnknownKeys(schema: z.core.$ZodType, value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  walk(schema, value, [], found);
  return found;
}

function walk(schema: z.core.$ZodType, value: unknown, path: PropertyKey[], found: PropertyKey[][]): void {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape: Record<string, z.core.$ZodType> = inner.shape;
    for (const [key, child] of Object.entries(value)) {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field === undefined) found.push([...path, key]);
      else walk(field, child, [...path, key], found);
    }
  } else if (inner instanceof z.ZodArray && Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(inner.element, item, [...path, index], found);
  } else if (inner instanceof z.ZodUnion) {
    const options: readonly z.core.$ZodType[] = inner.options;
    const fitting = options.find((option) => sameShape(unwrap(option), value));
    if (fitting !== undefined) walk(fitting, value, path, found);
  }
}

/** The schema under defaults, optionals, nullables and the input side of pipes (transforms). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

function sameShape(schema: z.core.$ZodType, value: unknown): boolean {
  return (
    (schema instanceof z.ZodObject && isPlainObject(value)) || (schema instanceof z.ZodArray && Array.isArray(value))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
