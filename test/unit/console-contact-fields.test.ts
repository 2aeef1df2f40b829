// The console card's phone and email checks before saving (the server's rules), and a server's
// refusal read back to the field it names.

import { describe, expect, it } from 'vitest';
import { contactFieldProblem, fieldOfServerError } from '../../src/console/public/state/contact-fields.js';

describe('phone and email before saving', () => {
  it('accepts what the server accepts, and an empty field (it clears the value)', () => {
    expect(contactFieldProblem('phone', '+86 138-1234-5678')).toBeNull();
    expect(contactFieldProblem('phone', '(010) 6552 9988')).toBeNull();
    expect(contactFieldProblem('email', 'Li.Wei+shop@Example.com')).toBeNull();
    expect(contactFieldProblem('phone', '')).toBeNull();
    expect(contactFieldProblem('email', '')).toBeNull();
  });

  it('names what is wrong with a phone that has letters or too few digits', () => {
    expect(contactFieldProblem('phone', '138 abc 5678')).toBe('fieldPhoneInvalid');
    expect(contactFieldProblem('phone', '12-34')).toBe('fieldPhoneInvalid');
    expect(contactFieldProblem('phone', '+'.repeat(1) + '1'.repeat(30))).toBe('fieldPhoneInvalid');
  });

  it('names what is wrong with an email that is not one address', () => {
    expect(contactFieldProblem('email', 'not an email')).toBe('fieldEmailInvalid');
    expect(contactFieldProblem('email', 'li.wei@example')).toBe('fieldEmailInvalid');
    expect(contactFieldProblem('email', `${'a'.repeat(250)}@example.com`)).toBe('fieldEmailInvalid');
  });
});

describe("the server's refusal", () => {
  it('is read back to the field it names, with its words', () => {
    expect(fieldOfServerError('body.email: an email address such as li.wei@example.com', ['phone', 'email'])).toEqual({
      field: 'email',
      message: 'an email address such as li.wei@example.com',
    });
    expect(fieldOfServerError('body.name: Too small; body.phone: digits, spaces', ['phone', 'email'])).toEqual({ field: 'phone', message: 'digits, spaces' });
  });

  it('names no field when the message is about something else', () => {
    expect(fieldOfServerError('only a supervisor may change the tier', ['phone', 'email'])).toBeNull();
    expect(fieldOfServerError('body.tier: Invalid option', ['phone', 'email'])).toBeNull();
  });
});
