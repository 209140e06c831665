// The one test for "a plain JSON object": every reader of untrusted JSON (HAR and AuthLens files,
// rules, resource metadata, messages between contexts) starts with it.

/** Whether a value is a non-null object that is not an array, i.e. something to read fields of. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
