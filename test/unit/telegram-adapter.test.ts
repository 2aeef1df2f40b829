// The Telegram adapter's pure parts: reading updates, commands, buttons and its flood limits
// (the pacing itself is shared through Redis: test/integration/telegram-shared-pace.test.ts).

import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { parseCommand, parseLanguageArg } from '../../src/channels/telegram/commands.ts';
import { readUpdate, toInbound } from '../../src/channels/telegram/inbound-update.ts';
import { choiceKeyboard, pressedLabel } from '../../src/channels/telegram/keyboard.ts';
import { telegramLimits } from '../../src/channels/telegram/telegram-outbound.ts';

const from = { id: 7, is_bot: false, first_name: '小明', last_name: '王', language_code: 'zh-hans' };
const chat = { id: 7, type: 'private' as const, first_name: '小明' };

describe('reading Telegram updates', () => {
  it('turns a text into an engine message keyed by chat and message id, with name and language', () => {
    const event = readUpdate({ update_id: 1, message: { message_id: 5, date: 0, chat, from, text: '你好' } } as Update);
    expect(event).toMatchObject({ kind: 'text', chatId: 7, key: 'telegram:7:5', sender: { id: '7', displayName: '小明 王', locale: 'zh' } });
    if (event.kind !== 'text') throw new Error('expected text');
    expect(toInbound(event, event.text)).toEqual({ channel: 'telegram', externalUserId: '7', channelMessageId: 'telegram:7:5', text: '你好', displayName: '小明 王' });
  });

  it('reads the label of a pressed button back from the keyboard of its message', () => {
    const keyboard = choiceKeyboard(['A refund', 'A very long label that would not fit into sixty-four bytes of callback data at all']);
    const event = readUpdate({
      update_id: 2,
      callback_query: { id: 'cb1', from, chat_instance: '1', data: 'choice:1', message: { message_id: 9, date: 0, chat, text: 'Which?', reply_markup: keyboard } },
    } as Update);
    expect(event).toMatchObject({ kind: 'button', key: 'telegram:callback:cb1', label: keyboard.inline_keyboard[1]![0]!.text });
    expect(pressedLabel('choice:5', { message_id: 9, date: 0, chat, reply_markup: keyboard } as never)).toBeUndefined();
  });

  it('tells groups, edits and unreadable messages apart, and trusts only the sender’s own contact', () => {
    expect(readUpdate({ update_id: 3, message: { message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'g' }, from, text: 'hi' } } as Update).kind).toBe('group');
    expect(readUpdate({ update_id: 4, edited_message: { message_id: 1, date: 0, edit_date: 2, chat, from, text: 'hi' } } as Update)).toMatchObject({ kind: 'unreadable', what: 'edited' });
    expect(readUpdate({ update_id: 5, message: { message_id: 2, date: 0, chat, from, voice: { file_id: 'v', file_unique_id: 'v', duration: 1 } } } as Update)).toMatchObject({ what: 'voice' });
    expect(readUpdate({ update_id: 6, message: { message_id: 3, date: 0, chat, from, contact: { phone_number: '+86 138 0013 8000', first_name: 'x', user_id: 8 } } } as Update)).toMatchObject({
      kind: 'contact',
      own: false,
      phone: '+8613800138000',
    });
    expect(readUpdate({ update_id: 7, my_chat_member: {} } as unknown as Update).kind).toBe('ignored');
  });

  it('cleans the text and caption of a message as the web chat does: nothing visible left is an empty text', () => {
    expect(readUpdate({ update_id: 8, message: { message_id: 6, date: 0, chat, from, text: ' \u200bmy order\u0000 is late\r\n' } } as Update)).toMatchObject({
      kind: 'text',
      text: 'my order is late',
    });
    expect(readUpdate({ update_id: 9, message: { message_id: 7, date: 0, chat, from, text: '\u200b\u2060 ' } } as Update)).toMatchObject({ kind: 'text', text: '' });
    expect(readUpdate({ update_id: 10, message: { message_id: 8, date: 0, chat, from, text: '\ufeff/human' } } as Update)).toMatchObject({ kind: 'command', text: '/human' });
    const photo = { file_id: 'p', file_unique_id: 'p', width: 1, height: 1 };
    expect(readUpdate({ update_id: 11, message: { message_id: 9, date: 0, chat, from, photo: [photo], caption: ' broken\u200b lid ' } } as Update)).toMatchObject({
      kind: 'photo',
      caption: 'broken lid',
    });
    expect(readUpdate({ update_id: 12, message: { message_id: 10, date: 0, chat, from, photo: [photo], caption: '\u200b' } } as Update)).not.toHaveProperty('caption');
  });

  it('parses commands and language arguments', () => {
    expect(parseCommand('/lang@CareBot  zh ')).toEqual({ name: 'lang', args: 'zh' });
    expect(parseCommand('/START')).toEqual({ name: 'start', args: '' });
    expect(parseCommand('hello /start')).toBeUndefined();
    expect(parseLanguageArg('zh-CN')).toBe('zh');
    expect(parseLanguageArg('English')).toBe('en');
    expect(parseLanguageArg('fr')).toBeUndefined();
  });
});

describe('Telegram flood limits', () => {
  const config = { TELEGRAM_PER_CHAT_INTERVAL_MS: 1000, TELEGRAM_GLOBAL_PER_SECOND: 30, TELEGRAM_PER_GROUP_PER_MINUTE: 20 };

  it('paces a person’s chat at one message a second, strictly, under the overall 30 a second', () => {
    expect(telegramLimits(config, '7')).toEqual([
      { key: 'telegram', perSecond: 30 },
      { key: 'telegram:chat:7', perSecond: 1, burstMs: 0 },
    ]);
  });

  it('paces a group chat (a negative id, like the staff chat) at 20 messages a minute, spread evenly', () => {
    const [, group] = telegramLimits(config, '-1001234567890');
    expect(group).toEqual({ key: 'telegram:chat:-1001234567890', perSecond: 20 / 60, burstMs: 0 });
    // A per-chat interval slower than the group's pace wins in groups too.
    expect(telegramLimits({ ...config, TELEGRAM_PER_CHAT_INTERVAL_MS: 5000 }, '-5')[1]!.perSecond).toBe(0.2);
  });
});
