// Anonymous Bot Framework mode answers only serviceUrls on this machine.

import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from '../../src/channels/botframework/loopback-url.ts';

describe('loopback serviceUrls', () => {
  it('accepts 127.0.0.0/8, [::1] and localhost over http(s), however the address is spelled', () => {
    for (const url of [
      'http://127.0.0.1:3978/',
      'https://127.8.9.10/',
      'http://localhost:51234',
      'http://LOCALHOST/',
      'http://[::1]:9000/',
      'http://127.1/',
      'http://0x7f000001/',
      'http://2130706433/',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
  });

  it('refuses other hosts, names that merely look local, other schemes and embedded credentials', () => {
    for (const url of [
      'https://smba.trafficmanager.net/apac/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/',
      'http://127.0.0.1.nip.io/',
      'http://localhost.example.com/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
      'http://user:secret@127.0.0.1/',
      'not a url',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });
});
