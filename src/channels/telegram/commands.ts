// The bot's commands: which ones exist, how a message names one, and what each asks of the engine.

import type { Intent, Language } from '../../domain/types.ts';

export interface Command {
  /** Lower-case, without the slash and without an "@BotName" suffix. */
  name: string;
  /** The words after the command, trimmed. */
  args: string;
}

/** Commands the engine handles as an explicit intent; the text is kept as the customer's message. */
export const INTENT_COMMANDS: Readonly<Record<string, Intent>> = {
  start: 'greet',
  stop: 'opt_out',
  human: 'request_human',
};

/** Shown in Telegram's command menu; the descriptions live in prompts/channels/telegram.yaml. */
export const MENU_COMMANDS = ['start', 'human', 'lang', 'stop'] as const;

/** The command a message starts with ("/lang@CareBot zh" → lang, "zh"), or undefined. */
export function parseCommand(text: string): Command | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), args: (match[2] ?? '').trim() };
}

/** The language named by "/lang zh", accepting a few common spellings; undefined when unclear. */
export function parseLanguageArg(args: string): Language | undefined {
  const word = args.trim().toLowerCase();
  const aliases: Partial<Record<string, Language>> = { zh: 'zh', cn: 'zh', chinese: 'zh', 中文: 'zh', en: 'en', english: 'en', 英文: 'en' };
  return aliases[word] ?? aliases[word.split(/[-_]/)[0] ?? ''];
}
