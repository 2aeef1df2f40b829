// Secret-looking keys in the request log: censored at the top of a line, one level down and in
// headers there, inside a logged error's own fields; everything else written as it was, and an
// object without secrets passed on as it is (not copied).

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CENSORED, censorFields, censorLine } from '../../src/http/log-censor.ts';
import { requestLogger } from '../../src/http/request-log.ts';

function requestLog(): { lines: Record<string, unknown>[]; log: pino.Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: requestLogger(pino({ level: 'info' }, stream)) };
}

describe('censorFields', () => {
  it('censors secret keys and those of headers, leaving the rest and the original alone', () => {
    const body = { password: 'pw', note: 'kept', headers: { authorization: 'Bearer x', accept: 'json' } };
    expect(censorFields(body)).toEqual({ password: CENSORED, note: 'kept', headers: { authorization: CENSORED, accept: 'json' } });
    expect(body.password).toBe('pw');
    expect(body.headers.authorization).toBe('Bearer x');
  });

  it('hands back the very object when it holds no secret, and anything that is not an object', () => {
    const plain = { note: 'kept', headers: { accept: 'json' }, nested: { deeper: { token: 'beyond the covered depth' } } };
    expect(censorFields(plain)).toBe(plain);
    const list = [{ token: 'x' }];
    expect(censorFields(list)).toBe(list);
    expect(censorFields('token')).toBe('token');
    expect(censorFields(null)).toBe(null);
  });

  it('keeps an inherited key out of it: only own fields are secrets', () => {
    const inherited = Object.create({ token: 'from the prototype' }) as object;
    expect(censorFields(inherited)).toBe(inherited);
  });
});

describe('censorLine', () => {
  it('leaves the values of serialized keys to their serializers and the line as it is when clean', () => {
    const censor = censorLine(new Set(['req']));
    const line = { req: { token: 'left to the serializer' }, count: 3 };
    expect(censor(line)).toBe(line);
    expect(censor({ token: 't', body: { ticket: 'k' } })).toEqual({ token: CENSORED, body: { ticket: CENSORED } });
  });
});

describe('the request logger', () => {
  it('writes no secret at any covered place of a line', () => {
    const { lines, log } = requestLog();
    log.warn({ token: 'tok-1', body: { password: 'pw-2', note: 'kept' }, headers: { cookie: 'c-3' }, call: { headers: { authorization: 'Bearer a-4', accept: 'text/plain' } } }, 'probe');
    const [line] = lines;
    expect(line).toMatchObject({
      msg: 'probe',
      token: CENSORED,
      body: { password: CENSORED, note: 'kept' },
      headers: { cookie: CENSORED },
      call: { headers: { authorization: CENSORED, accept: 'text/plain' } },
    });
    expect(JSON.stringify(line)).not.toMatch(/tok-1|pw-2|c-3|a-4/);
  });

  it("censors a logged error's own secret fields and keeps its message and stack", () => {
    const { lines, log } = requestLog();
    const failure = Object.assign(new Error('the call failed'), { ticket: 'tk-5', headers: { cookie: 'c-6' }, status: 502 });
    log.error({ err: failure }, 'upstream');
    log.error(failure);
    for (const line of lines) {
      expect(line.err).toMatchObject({ message: 'the call failed', type: 'Error', ticket: CENSORED, headers: { cookie: CENSORED }, status: 502 });
      expect(String((line.err as { stack: string }).stack)).toContain('the call failed');
    }
    expect(lines).toHaveLength(2);
  });

  it('writes a reply as its status alone', () => {
    const { lines, log } = requestLog();
    log.info({ res: { statusCode: 201, headers: { 'set-cookie': 'session=s-7' } } }, 'answered');
    expect(lines[0]!.res).toEqual({ statusCode: 201 });
  });
});
