/** Narrowing for values read from JSON and YAML files. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
