// Issue 12, finding 8: a phone number typed in chat proves nothing, so a card that only has a typed
// number is never the target when someone shares that number verified on Telegram; such cards
// are shown to staff as possible duplicates. A merge of two verified cards keeps the stricter
// opt-outs and the non-empty fields of both.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const SECRET = 'card_merge-secret';
const ADMIN = { email: 'merge-admin@care.test', password: 'Kettle-merge-7Qx!vL2pZ' };

interface Profile {
  id: string;
  name: string | null;
  phone: string | null;
  phoneVerified: boolean;
  possibleDuplicates: { id: string; name: string | null; phoneVerified: boolean }[];
}

describe.each<StoreKind>(['sqlite', 'postgres'])('merging profile cards by phone, on %s', (store) => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let t: TestApp;
  let staff: StaffClient;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    t = await startTestApp({ store, env: { ...telegramEnv(emulator, token, SECRET), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    staff = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
  });

  const telegramUser = (firstName: string) =>
    new TelegramUser(emulator, token, { mode: 'webhook', url: `${t.baseUrl}/api/telegram/webhook`, secret: SECRET }, { id: 930_000 + Math.floor(Math.random() * 60_000), first_name: firstName });
  const cardOf = async (user: TelegramUser) => (await t.app.identities.findIdentity('telegram', String(user.user.id)))!.customerId;
  const profile = async (customerId: string) => {
    const response = await staff.get<{ customer: Profile }>(`/api/staff/customers/${customerId}`);
    expect(response.status).toBe(200);
    return response.body.customer;
  };
  /** Sends the update and waits for the bot's answer to it: once it is there, the update was handled. */
  const deliverAndWait = async (user: TelegramUser, update: ReturnType<TelegramUser['text']>) => {
    const before = user.botMessages().length;
    await user.deliver(update);
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBeGreaterThan(before);
  };

  it('keeps a verified Telegram number apart from a web chat card where someone typed it, and shows staff the possible duplicate', async () => {
    const phone = `1381${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    // The attacker types the victim's number in web chat first.
    const attacker = await new WebchatCustomer(t.baseUrl).start({ name: 'Mallory' });
    await attacker.send(`Please call me back on ${phone}`);
    const attackerCard = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: attacker.customerId } });
    expect(attackerCard).toMatchObject({ phone: `+86${phone}`, phoneVerifiedAt: null });

    // The victim talks on Telegram, then shares their own, verified number.
    const victim = telegramUser('Mei');
    await deliverAndWait(victim, victim.text('My order 55667788 arrived broken'));
    const victimCard = await cardOf(victim);
    await deliverAndWait(victim, victim.shareOwnContact(`86${phone}`));

    expect(await cardOf(victim)).toBe(victimCard);
    const verifiedCard = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: victimCard } });
    expect(verifiedCard).toMatchObject({ phone: `+86${phone}`, phoneVerifiedAt: expect.any(Date), country: 'CN' });
    // The number the customer proved counts as confirmed by them, and told us their country.
    expect(JSON.parse(verifiedCard.fieldConfirmations)).toMatchObject({ phone: { by: 'customer' }, country: { by: 'inferred' } });
    const attackerHistory = await t.app.conversations.customerHistory(attacker.customerId);
    expect(attackerHistory.map((m) => m.channel)).not.toContain('telegram');
    expect(attackerHistory.map((m) => m.text).join('\n')).not.toContain('55667788');
    expect(await t.app.database.db.auditLog.count({ where: { action: 'customer.merged', entityId: { in: [attacker.customerId, victimCard] } } })).toBe(0);

    // Staff see each card as a possible duplicate of the other, with which number was proven.
    expect(await profile(victimCard)).toMatchObject({ phoneVerified: true, possibleDuplicates: [{ id: attacker.customerId, name: 'Mallory', phoneVerified: false }] });
    expect(await profile(attacker.customerId)).toMatchObject({ phoneVerified: false, possibleDuplicates: [{ id: victimCard, name: 'Mei', phoneVerified: true }] });
  });

  it('stops treating a verified card as verified once a different number is typed into it', async () => {
    const own = `1391${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const victimPhone = `1371${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    // The attacker proves their own number, then types the victim's into the same card.
    const attacker = telegramUser('Mallory');
    await deliverAndWait(attacker, attacker.shareOwnContact(`86${own}`));
    await deliverAndWait(attacker, attacker.text(`Please call me back on ${victimPhone}`));
    const attackerCard = await cardOf(attacker);
    expect(await t.app.database.db.customer.findUniqueOrThrow({ where: { id: attackerCard } })).toMatchObject({ phone: `+86${victimPhone}`, phoneVerifiedAt: null });

    const victim = telegramUser('Mei');
    await deliverAndWait(victim, victim.text('Where is my parcel?'));
    await deliverAndWait(victim, victim.shareOwnContact(`86${victimPhone}`));
    expect(await cardOf(victim)).not.toBe(attackerCard);
  });

  it('stops treating a verified card as verified once staff type a different number into it', async () => {
    const own = `1381${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const user = telegramUser('Lin');
    await deliverAndWait(user, user.shareOwnContact(`86${own}`));
    const card = await cardOf(user);
    expect(await profile(card)).toMatchObject({ phoneVerified: true });
    // Other edits keep it verified; a different number does not.
    expect((await staff.patch(`/api/staff/customers/${card}`, { name: 'Lin' })).status).toBe(200);
    expect(await profile(card)).toMatchObject({ phoneVerified: true });
    expect((await staff.patch(`/api/staff/customers/${card}`, { phone: '+8613700000000' })).status).toBe(200);
    expect(await profile(card)).toMatchObject({ phoneVerified: false });
  });

  it('joins two verified cards into the earlier one, keeping the stricter opt-outs and the fields of both', async () => {
    const phone = `1361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const db = t.app.database.db;
    const first = telegramUser('Mei');
    await deliverAndWait(first, first.text('My order 11223344 is late'));
    await deliverAndWait(first, first.shareOwnContact(`86${phone}`));
    const kept = await cardOf(first);
    const { phoneVerifiedAt } = await db.customer.update({ where: { id: kept }, data: { optOutGreetings: true, country: 'CN' } });

    // The same person on a second Telegram account, with an email and a marketing opt-out on that card.
    const second = telegramUser('Mei Li');
    await deliverAndWait(second, second.text('My order 99887766 arrived broken, write to mei.li@example.com'));
    const merged = await cardOf(second);
    await db.customer.update({ where: { id: merged }, data: { optOutMarketing: true, country: 'SG', birthday: new Date('1990-05-01T00:00:00Z') } });
    await deliverAndWait(second, second.shareOwnContact(`86${phone}`));

    expect(await cardOf(second)).toBe(kept);
    const card = await db.customer.findUniqueOrThrow({ where: { id: kept } });
    expect(card).toMatchObject({
      name: 'Mei',
      country: 'CN',
      email: 'mei.li@example.com',
      birthday: new Date('1990-05-01T00:00:00Z'),
      phone: `+86${phone}`,
      phoneVerifiedAt,
      optOutGreetings: true,
      optOutMarketing: true,
    });
    expect((JSON.parse(card.attributes) as { orderNumbers: string[] }).orderNumbers).toEqual(expect.arrayContaining(['11223344', '99887766']));
    const history = await t.app.conversations.customerHistory(kept);
    expect(history.map((m) => m.text)).toEqual(expect.arrayContaining(['My order 11223344 is late', 'My order 99887766 arrived broken, write to mei.li@example.com']));
    expect(await db.auditLog.findFirst({ where: { action: 'customer.merged', entityId: kept } })).toMatchObject({ details: expect.stringContaining(merged) });
    // The emptied card is no duplicate to worry about.
    expect((await profile(kept)).possibleDuplicates).toEqual([]);
  });
});
