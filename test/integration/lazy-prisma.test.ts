// The per-message path is plain SQL, so an instance that only chats never loads Prisma's query
// compiler (a WebAssembly module, ~30 MB resident); the first query that needs Prisma loads it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

/** Stacks of the WebAssembly modules compiled from the generated Prisma clients in this test process. */
const prismaCompiles: string[] = [];
const NativeModule = WebAssembly.Module;
class RecordingModule extends NativeModule {
  constructor(bytes: BufferSource) {
    super(bytes);
    const stack = new Error().stack ?? '';
    if (stack.includes('generated')) prismaCompiles.push(stack);
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('Prisma on %s', (store) => {
  let test: TestApp;
  beforeAll(async () => {
    WebAssembly.Module = RecordingModule;
    prismaCompiles.length = 0;
    test = await startTestApp({ store });
  });
  afterAll(async () => {
    WebAssembly.Module = NativeModule;
    await test?.close();
  });

  it('is not loaded by starting and chatting, and loads on the first query that needs it', async () => {
    const customer = await new WebchatCustomer(test.baseUrl).start({ locale: 'en' });
    for (const text of ['hello', 'my kettle stopped working, order A12345', 'what are your opening hours?']) expect((await customer.send(text)).status).toBe(200);
    expect(await customer.history()).toHaveProperty('messages');
    expect(prismaCompiles).toHaveLength(0);

    expect(await test.app.database.db.customer.count({ where: { id: customer.customerId } })).toBe(1);
    expect(prismaCompiles).toHaveLength(1);
  });
});
