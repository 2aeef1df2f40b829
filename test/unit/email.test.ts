import { describe, expect, it } from 'vitest';
import { normalizeEmail, readEmail } from '../../src/domain/email.ts';
import { extractEntities } from '../../src/domain/nlu/entities.ts';

describe('email addresses', () => {
  it('spell one address one way: trimmed and lower case', () => {
    expect(normalizeEmail('  Li.Wei+Care@Example.COM ')).toBe('li.wei+care@example.com');
    expect(readEmail(' Li.Wei+Care@Example.COM\n')).toBe('li.wei+care@example.com');
  });

  it('store what staff type exactly as the bot stores what a customer writes', () => {
    for (const written of ['Li.Wei+Care@Example.COM', 'ZHANG_san@Mail.Example.cn', 'a-b@sub-domain.example.org']) {
      expect(extractEntities(`my email is ${written}, thanks`).emails).toEqual([readEmail(written)]);
    }
  });

  it('refuse what is not one address', () => {
    for (const bad of ['', 'li.wei', 'li.wei@', '@example.com', 'li wei@example.com', 'li.wei@example', 'a@b.com, c@d.com', `${'x'.repeat(250)}@example.com`]) {
      expect(readEmail(bad), bad).toBeUndefined();
    }
  });

  it('let the bot read each address in a message once, whatever its case', () => {
    expect(extractEntities('Li@Example.com or li@example.COM').emails).toEqual(['li@example.com']);
  });
});
