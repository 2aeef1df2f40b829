// A whole complaint through HTTP, engine, NLU and the real store — on SQLite and on PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer, said } from '../support/webchat-client.ts';

describe.each<StoreKind>(['sqlite', 'postgres'])('complaint flow on %s', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ store });
  });
  afterAll(async () => t?.close());

  it('walks an English complaint through all five steps and records commitment and follow-ups together', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Alice', locale: 'en' });
    const first = await customer.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
    expect(first.status).toBe(200);
    expect(said(first)).toContain('Alice');
    expect(said(first)).toMatch(/sorry/i);
    expect(first.conversation.step).toBe(1);

    const product = await customer.send('It is the PowerBlend 600 blender');
    expect(product.conversation.step).toBe(2);
    const want = product.replies.at(-1)!;
    expect(want.choices).toContain('A replacement');

    const restated = await customer.send('A replacement');
    expect(said(restated)).toContain('12345678');
    expect(said(restated)).toContain('PowerBlend 600');
    expect(restated.replies.at(-1)!.choices).toEqual(["Yes, that's right", "No, something's wrong"]);

    const options = await customer.send("Yes, that's right");
    expect(options.conversation.step).toBe(3);
    const choices = options.replies.at(-1)!.choices!;
    expect(choices.length).toBeGreaterThanOrEqual(2);
    expect(choices.length).toBeLessThanOrEqual(3);
    expect(choices[0]).toMatch(/replacement/i);

    const agreement = await customer.send(choices[0]!);
    expect(agreement.conversation.step).toBe(4);
    expect(agreement.replies.at(-1)!.choices).toEqual(['Yes, agreed', 'No']);

    const done = await customer.send('Yes, agreed');
    expect(said(done)).toMatch(/reference [0-9A-F]{8}/);
    expect(done.conversation.status).toBe('bot');

    const db = t.app.database.db;
    const kase = await db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(kase).toMatchObject({ category: 'product_quality', status: 'agreed', step: 5 });
    expect(JSON.parse(kase.facts)).toMatchObject({ orderNumber: '12345678', product: 'PowerBlend 600 blender', want: 'replacement' });
    const commitment = await db.commitment.findFirstOrThrow({ where: { caseId: kase.id } });
    expect(commitment.kind).toBe('replacement');
    expect(commitment.dueAt.getTime()).toBeGreaterThan(Date.now());
    const followUps = await db.followUp.findMany({ where: { commitmentId: commitment.id }, orderBy: { dueAt: 'asc' } });
    expect(followUps.map((f) => f.kind)).toEqual(['callback', 'revisit']);
    expect(followUps[1]!.dueAt.getTime()).toBeGreaterThan(commitment.dueAt.getTime());
    const contact = await db.contact.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(contact).toMatchObject({ kind: 'complaint', outcome: 'commitment', channel: 'webchat' });
    const profile = await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } });
    expect(JSON.parse(profile.attributes).orderNumbers).toEqual(['12345678']);
    expect(profile.lastContactAt).not.toBeNull();
  });

  it('keeps the furthest step a complaint reached when the customer goes back a step', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Bea', locale: 'en' });
    await customer.send('What I got from order 87654321 stopped working after two days, I am really annoyed');
    await customer.send('It is the PowerBlend 600 blender');
    await customer.send('A replacement');
    const options = await customer.send("Yes, that's right");
    const agreement = await customer.send(options.replies.at(-1)!.choices![0]!);
    expect(agreement.conversation.step).toBe(4);
    const back = await customer.send('go back');
    expect(back.conversation.step).toBe(3);
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(kase).toMatchObject({ step: 3, maxStep: 4 });
  });

  it('handles a Chinese complaint in Chinese, with a correction on the way', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: '王先生' });
    const first = await customer.send('快递太慢了，订单 20261101 到现在还没收到，气死我了！');
    expect(said(first)).toContain('王先生');
    expect(said(first)).toMatch(/歉意|抱歉/);
    let reply = first;
    for (let i = 0; i < 4 && !reply.replies.at(-1)?.choices?.includes('对，没错'); i++) {
      const asked = reply.replies.at(-1)!;
      reply = await customer.send(asked.choices?.includes('退款') ? '退款' : '物流一直显示在途中，已经十天了');
    }
    expect(reply.replies.at(-1)!.choices).toContain('对，没错');
    const fix = await customer.send('不对，需要修改');
    expect(fix.replies.at(-1)!.choices).toContain('订单号');
    const which = await customer.send('订单号');
    expect(said(which)).toContain('订单号');
    const restated = await customer.send('订单号是 20261199');
    expect(said(restated)).toContain('20261199');
    const options = await customer.send('对，没错');
    expect(options.conversation.step).toBe(3);
    const pick = await customer.send('1');
    expect(pick.conversation.step).toBe(4);
    const done = await customer.send('同意');
    expect(said(done)).toContain('已为您登记');
  });

  it('answers a question from the knowledge base and logs the contact as an inquiry', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start();
    const answer = await customer.send('How long does delivery take?');
    expect(said(answer)).toMatch(/ship|deliver/i);
    const contact = await t.app.database.db.contact.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(contact).toMatchObject({ kind: 'inquiry', outcome: 'answered' });
  });
});
