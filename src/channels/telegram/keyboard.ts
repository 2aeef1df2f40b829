// Choices as inline keyboards. callback_data may hold only 64 bytes, so a button carries its
// index ("choice:2") and the label is read back from the keyboard of the message it sits on.

import type { InlineKeyboardMarkup, MaybeInaccessibleMessage } from 'telegraf/types';

const PREFIX = 'choice:';

/** One button per row: labels such as "Yes, that's right" are too long to sit side by side on a phone. */
export function choiceKeyboard(choices: readonly string[]): InlineKeyboardMarkup {
  return { inline_keyboard: choices.map((label, index) => [{ text: label, callback_data: `${PREFIX}${index}` }]) };
}

/**
 * The label of the pressed button, or undefined when the data is not ours or the message (and so
 * its keyboard) is no longer available to the bot.
 */
export function pressedLabel(data: string | undefined, message: MaybeInaccessibleMessage | undefined): string | undefined {
  if (!data?.startsWith(PREFIX) || !message || !('reply_markup' in message)) return undefined;
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if ('callback_data' in button && button.callback_data === data) return button.text;
  }
  return undefined;
}
