// "Only the first time": a channel adapter answers some events itself (a sticker, a welcome) and
// must not answer again when the channel delivers the same event twice, on any instance.

export interface OnceGuard {
  /** True the first time `key` is seen within `ttlSeconds`, across every instance; false after. */
  first(key: string, ttlSeconds: number): Promise<boolean>;
}
