// Where outgoing webhooks may go: the address classifier, the URL check at registration, and the
// check after DNS before each delivery (a name resolving to a private address is refused).

import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/webhooks/address-class.ts';
import { registrationRefusal, resolveWebhookTarget, urlRefusal, WebhookTargetRefused, type ResolveAll } from '../../src/webhooks/webhook-target.ts';

const strict = { allowPrivate: false };
const relaxed = { allowPrivate: true };
/** A resolver that answers from a table, as a DNS server under someone else's control might. */
const resolverOf =
  (table: Record<string, string[]>): ResolveAll =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.10.20', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['93.184.216.34', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::ffff:0:8.8.8.8', 'public'],
    ['64:ff9b:1::808:808', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('says nothing of a name', () => {
    expect(classifyAddress('example.com')).toBeUndefined();
    expect(classifyAddress('2130706433')).toBeUndefined();
  });
});

describe('urlRefusal', () => {
  it.each([
    // Decimal, octal, hex and short spellings of 127.0.0.1: the URL parser reads them as the address.
    'https://2130706433/hook',
    'https://0177.0.0.1/hook',
    'https://0x7f.0.0.1/hook',
    'https://0x7f000001/hook',
    'https://127.1/hook',
    'https://017700000001/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[0:0:0:0:0:0:0:1]/hook',
    'https://localhost/hook',
    'https://LOCALHOST./hook',
    'https://api.localhost/hook',
  ])('refuses %s as loopback', (url) => {
    expect(urlRefusal(url, strict)).toMatch(/loopback/);
  });

  it.each([
    ['https://10.0.0.8/hook', /private/],
    ['https://[fd00::8]/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[fe80::1]/hook', /link-local/],
    ['https://0.0.0.0/hook', /unspecified/],
    ['https://224.0.0.1/hook', /multicast/],
    ['http://93.184.216.34/hook', /use https/],
    ['ftp://93.184.216.34/hook', /ftp scheme/],
    ['file:///etc/passwd', /file scheme/],
    ['https://user:secret@93.184.216.34/hook', /user name or password/],
    ['hooks.example.com/path', /not a valid absolute URL/],
  ])('refuses %s', (url, reason) => {
    expect(urlRefusal(url, strict)).toMatch(reason);
  });

  it('takes public https URLs, and anything http(s) with WEBHOOKS_ALLOW_PRIVATE', () => {
    expect(urlRefusal('https://93.184.216.34/hook', strict)).toBeNull();
    expect(urlRefusal('https://hooks.example.com/care?x=1', strict)).toBeNull();
    expect(urlRefusal('https://[2606:4700:4700::1111]/hook', strict)).toBeNull();
    expect(urlRefusal('http://127.0.0.1:8080/hook', relaxed)).toBeNull();
    expect(urlRefusal('https://10.0.0.8/hook', relaxed)).toBeNull();
    expect(urlRefusal('ftp://127.0.0.1/hook', relaxed)).toMatch(/ftp scheme/);
  });
});

describe('resolveWebhookTarget', () => {
  it('pins the checked address of a name that resolves to public addresses only', async () => {
    const target = await resolveWebhookTarget('https://hooks.example.com/care', strict, resolverOf({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] }));
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
  });

  it('refuses a name that resolves to a private or loopback address, even among public ones', async () => {
    await expect(resolveWebhookTarget('https://rebind.example.com/', strict, resolverOf({ 'rebind.example.com': ['10.0.0.5'] }))).rejects.toThrow(WebhookTargetRefused);
    await expect(resolveWebhookTarget('https://mixed.example.com/', strict, resolverOf({ 'mixed.example.com': ['93.184.216.34', '::ffff:127.0.0.1'] }))).rejects.toThrow(
      /resolves to ::ffff:127\.0\.0\.1, a loopback address/,
    );
    await expect(resolveWebhookTarget('https://meta.example.com/', strict, resolverOf({ 'meta.example.com': ['169.254.169.254'] }))).rejects.toThrow(/link-local/);
  });

  it('takes a literal address without asking DNS, and any address with WEBHOOKS_ALLOW_PRIVATE', async () => {
    const noDns: ResolveAll = async () => {
      throw new Error('DNS must not be asked');
    };
    expect(await resolveWebhookTarget('https://[2606:4700:4700::1111]/x', strict, noDns)).toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
    expect(await resolveWebhookTarget('http://internal.example.com/x', relaxed, resolverOf({ 'internal.example.com': ['10.0.0.5'] }))).toMatchObject({ address: '10.0.0.5' });
  });

  it('leaves a failed lookup to be retried (not a refusal)', async () => {
    const failure = await resolveWebhookTarget('https://gone.example.com/', strict, resolverOf({})).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WebhookTargetRefused);
  });
});

describe('registrationRefusal', () => {
  it('refuses a name resolving to a private address, and takes one that does not resolve yet', async () => {
    const dns = resolverOf({ 'intranet.example.com': ['192.168.1.10'], 'hooks.example.com': ['93.184.216.34'] });
    expect(await registrationRefusal('https://intranet.example.com/hook', strict, dns)).toMatch(/192\.168\.1\.10, a private address/);
    expect(await registrationRefusal('https://hooks.example.com/hook', strict, dns)).toBeNull();
    expect(await registrationRefusal('https://not-yet.example.com/hook', strict, dns)).toBeNull();
    expect(await registrationRefusal('https://2130706433/hook', strict, dns)).toMatch(/loopback/);
  });
});
