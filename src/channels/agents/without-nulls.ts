// JSON null as "absent": Bot Framework clients send `"name": null` and the like, which botbuilder
// takes and the Agents SDK's activity schema refuses.

/** A copy of `value` without null members, at any depth (null array items stay: their place counts). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulls(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, member]) => (member === null ? [] : [[key, withoutNulls(member)]]))) as T;
}
