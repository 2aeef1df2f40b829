import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/console/auth/password-policy.ts';

describe('staff password rules', () => {
  it('refuses passwords made of spaces or shorter than 12 characters once spaces are squeezed', () => {
    expect(passwordProblem(' '.repeat(12))).toMatch(/at least 12 characters/);
    expect(passwordProblem(' '.repeat(40))).toMatch(/at least 12 characters/);
    expect(passwordProblem(`a${' '.repeat(10)}b`)).toMatch(/at least 12 characters/);
    expect(passwordProblem('   short one   ')).toMatch(/at least 12 characters/);
    expect(passwordProblem('\t\n\u3000'.repeat(6))).toMatch(/at least 12 characters/);
  });

  it('accepts long passphrases, spaces and Chinese characters included', () => {
    expect(passwordProblem('violet kettle orbit lamp')).toBeUndefined();
    expect(passwordProblem('茶壶在周二早上响了十二次')).toBeUndefined();
    expect(passwordProblem('Tx9#mQ2!vLp8')).toBeUndefined();
  });

  it('refuses common passwords whatever their case and spacing', () => {
    for (const common of [
      'password123456',
      'Password123456',
      'qwertyuiop12',
      '123456789012',
      'iloveyou1234',
      '1qaz2wsx3edc',
      'aaaaaaaaaaaa',
      'woaini520520',
      'Correct Horse Battery Staple',
      'password 123456',
    ]) {
      expect(passwordProblem(common), common).toMatch(/most common passwords/);
    }
  });

  it('refuses passwords built on the email address', () => {
    expect(passwordProblem('alice.wong@care.test', 'alice.wong@care.test')).toMatch(/built on the email address/);
    expect(passwordProblem('alice.wong2024!', 'alice.wong@care.test')).toMatch(/built on the email address/);
    expect(passwordProblem('ALICE.WONGALICE.WONG', 'alice.wong@care.test')).toMatch(/built on the email address/);
    // The local part does not count towards the 12; with 12 more of its own the password is fine.
    expect(passwordProblem('alice.wong violet kettle', 'alice.wong@care.test')).toBeUndefined();
    // A one- or two-letter local part says nothing.
    expect(passwordProblem('violet kettle orbit', 'vi@care.test')).toBeUndefined();
  });
});
