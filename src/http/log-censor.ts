// Secret-looking keys censored in the request log. pino's `redact` option did this before, at a
// price: it copied each value of a line and re-parsed its list of paths on every call (about a
// fifth of the bytes a web-chat message allocated). These functions look the keys up and copy an
// object only when it holds one, covering the same places: a key at the top of a line, one level
// down (a body, a query), and in a `headers` object one level down.

const SECRET_KEYS = ['authorization', 'cookie', 'token', 'ticket', 'password', 'secretHash', 'csrfToken'] as const;

export const CENSORED = '[redacted]';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The secret keys `value` holds as its own, if any. */
function secretKeysOf(value: Fields): string[] | undefined {
  let found: string[] | undefined;
  for (const key of SECRET_KEYS) if (Object.hasOwn(value, key)) (found ??= []).push(key);
  return found;
}

/** `value` with its own secret keys censored; `value` itself when it holds none. */
function censorKeys(value: Fields): Fields {
  const found = secretKeysOf(value);
  if (!found) return value;
  const copy: Fields = { ...value };
  for (const key of found) copy[key] = CENSORED;
  return copy;
}

/** `value` with its secret keys and those of its `headers` censored; `value` itself (not a copy) when it holds none. */
export function censorFields(value: unknown): unknown {
  if (!isFields(value)) return value;
  const censored = censorKeys(value);
  const headers = Object.hasOwn(value, 'headers') ? value.headers : undefined;
  if (!isFields(headers)) return censored;
  const censoredHeaders = censorKeys(headers);
  if (censoredHeaders === headers) return censored;
  return { ...censored, headers: censoredHeaders };
}

/**
 * A pino `formatters.log`: the line's secret keys censored, and those of each of its values, except
 * the values under `serialized` keys (their serializers decide what is written, see request-log.ts).
 * The line itself when nothing is censored.
 */
export function censorLine(serialized: ReadonlySet<string>): (line: object) => object {
  return (object) => {
    const line = censorKeys(object as Fields);
    let out = line;
    for (const key in line) {
      if (!Object.hasOwn(line, key) || serialized.has(key)) continue;
      const value = line[key];
      const censored = censorFields(value);
      if (censored === value) continue;
      // A line censorKeys copied is this call's own; the caller's is copied before it is changed.
      if (out === object) out = { ...line };
      out[key] = censored;
    }
    return out;
  };
}
