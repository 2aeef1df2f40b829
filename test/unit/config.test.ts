// The configuration read from the environment: sensible defaults, a clear error naming each bad
// variable, empty values meaning unset, and the rules that tie variables together.

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('runs on embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'file:./data/care.db',
      JOBS_IN_PROCESS: true,
      GREETING_HOURS: { startHour: 9, endHour: 20 },
      QUIET_HOURS: { startHour: 21, endHour: 8 },
      LLM_SEND_PII: false,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LLM_MODEL).toBeUndefined();
  });

  it('reads an empty value as unset', () => {
    expect(loadConfig({ REDIS_URL: '', LLM_MODEL: '', PORT: '' })).toMatchObject({ PORT: 3000 });
  });

  it('names every bad variable and says what is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', QUIET_HOURS: '9pm-8am', JOBS_IN_PROCESS: 'yes' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', QUIET_HOURS: '9pm-8am', JOBS_IN_PROCESS: 'yes' });
    } catch (error) {
      for (const part of [/PORT: /, /JOBS_IN_PROCESS: must be true or false/, /QUIET_HOURS: must be a range of whole hours/]) expect((error as Error).message).toMatch(part);
    }
  });

  it('asks for an endpoint when LLM mode is turned on, and for both parts on Azure', () => {
    expect(() => loadConfig({ LLM_MODEL: 'gpt-4o-mini' })).toThrow(/LLM_BASE_URL: LLM_MODEL is set/);
    expect(loadConfig({ LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-test' }).LLM_PROVIDER).toBe('openai');
    expect(() => loadConfig({ LLM_MODEL: 'care-gpt', LLM_PROVIDER: 'azure', LLM_BASE_URL: 'https://x.openai.azure.com' })).toThrow(/LLM_PROVIDER: azure needs/);
  });

  it('hashes staff passwords at scrypt N = 2^17 unless STAFF_PASSWORD_SCRYPT_N sets a power of two from 2^14 to 2^17', () => {
    expect(loadConfig({}).STAFF_PASSWORD_SCRYPT_N).toBe(131_072);
    expect(loadConfig({ STAFF_PASSWORD_SCRYPT_N: '16384' }).STAFF_PASSWORD_SCRYPT_N).toBe(16_384);
    for (const bad of ['8192', '20000', '262144']) {
      expect(() => loadConfig({ STAFF_PASSWORD_SCRYPT_N: bad }), bad).toThrow(/STAFF_PASSWORD_SCRYPT_N: must be a power of two from 16384 to 131072/);
    }
    expect(() => loadConfig({ STAFF_PASSWORD_SCRYPT_N: 'high' })).toThrow(/STAFF_PASSWORD_SCRYPT_N: /);
  });
});
