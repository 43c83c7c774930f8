/** Reading fields of Poe's JSON answers tolerantly: what is absent or unreadable stays absent, never a wrong value. */

export const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Keeps only the fields that are present and readable, so an absent field never turns into a wrong one. */
export function defined<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
