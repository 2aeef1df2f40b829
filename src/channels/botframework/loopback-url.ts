// Whether a serviceUrl points at this machine. Without credentials the bot may only talk to a
// local Bot Framework Emulator: anything else would let an anonymous caller make the server send
// requests wherever it likes (SSRF).

/** 127.0.0.0/8 after WHATWG parsing, which already turns 127.1, 0x7f.1 and 2130706433 into dotted form. */
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for http(s) URLs whose host is 127.0.0.0/8, [::1] or localhost. */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || LOOPBACK_V4.test(host);
}
