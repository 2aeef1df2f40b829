// Greetings, thanks and the like; questions about the bot itself; and an honest "not something I
// can help with here" for what customer care does not cover.

import type { Decision } from './effects.ts';
import type { Turn } from './context.ts';
import { describeStaffHours } from './staff-hours-text.ts';

export type SmallTalkKey = 'greet' | 'how_are_you' | 'thanks' | 'goodbye' | 'praise' | 'anything_else' | 'sarcasm';
/** Intents the flow answers with small talk, unless a knowledge entry answers the message (decide.ts). */
export const SMALL_TALK_INTENTS: ReadonlySet<string> = new Set(['greet', 'thanks', 'goodbye', 'praise', 'affirm', 'deny']);

const ABOUT_THE_BOT =
  /\b(are|r) (you|u|ya) (even |really |actually |just )?(a |an )?(real |actual |live )?(bot|robot|machine|human|person|ai|computer|program)\b|\b(is|am) (this|i) (talking|chatting|speaking)? ?(to|with)? ?(a |an )?(real |actual |live )?(bot|robot|machine|person|human|ai|program)\b|\bis this (a |an )?(real |live )?(bot|robot|machine|person|human|ai|automated)\b(?=\s*(?:[?？!.]|$|i'?m|talking|chatting|or\b|answering|replying|typing))|\b(bot|robot|machine|program) or (a )?(real )?(human|person)\b|\b(human|person) or (a )?(bot|robot|machine|program)\b|\bis it (a |an )?(real |actual |live )?(human|person|bot|robot|machine|program|ai)\b|\bis there (a |an )?(real|actual|live) (human|person)\b|\b(human|person|someone) (typing|answering|replying)\b|\b(message|reply|answer|this) (is )?(from|by|written by) (a |an )?(bot|robot|machine|ai|program|computer|human|person)\b|\bwho am i (talking|speaking|chatting) (to|with)\b|你(到底|究竟|真的|是不是)?是?(不是)?(机器人|真人|人工|ai|AI|程序|自动回复)|(?<!扫地)是(不是)?机器人|是不是真人|是真人吗|机器人还是真人|真人还是机器人|在跟(机器人|真人|谁)/i;

const WHAT_THE_BOT_DOES =
  /what (can|do) (you|u) (do|help)|what are you (for|able)|how can you help|what (else )?can i ask|你(都|还)?能(干|做|帮)|你(都|还)?会(干|做)|你能帮我(做|干)?什么|能干(点)?啥|有什么功能/i;

/**
 * The whole message asks how the bot is, perhaps after a hello: "How are you today?", "how's it
 * going", "你好吗", "今天过得怎么样". Only the whole message: "how are you going to fix this" is not
 * one; nor is "今天怎么样？" or "好吗？" without a "you" ("how about today?", "OK?").
 */
const HOW_ARE_YOU_EN =
  /^\s*(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there)?[\s,!.~]*)?(?:how (?:are|r) (?:you|u|ya)(?: doing| going)?(?: today| this (?:morning|afternoon|evening))?|how(?:'s| is) it going|how have you been|how(?:'s| is) (?:your day|everything|life)(?: going)?|how do you do|what'?s up)[\s?!.~]*$/i;
/** Asked of "you" only: 好吗, 还好吗, 最近怎么样, 今天怎么样/好吗; with or without: how one's days are going. */
const HOW_ARE_YOU_ZH =
  /^\s*(?:你好|您好|嗨|哈喽)?[\s,，!！~]*(?:(?:你|您)(?:好吗|还好吗|最近怎么样|今天(?:怎么样|好吗))|(?:你|您)?(?:最近(?:还)?好吗|最近过得(?:怎么样|好吗)|今天过得(?:怎么样|好吗)|过得(?:怎么样|好吗)))[\s?？!！。~]*$/;

export function asksHowTheBotIs(text: string): boolean {
  return HOW_ARE_YOU_EN.test(text) || HOW_ARE_YOU_ZH.test(text);
}

/** "What can you do?" / "你都能干啥" — the bot says what it helps with. */
export function asksWhatTheBotDoes(text: string): boolean {
  return WHAT_THE_BOT_DOES.test(text);
}

/** "Are you a bot?" / "你是机器人吗" — a question about the bot, not a request for a person. */
export function asksAboutTheBot(text: string): boolean {
  return ABOUT_THE_BOT.test(text);
}

export function smallTalk(turn: Turn, key: SmallTalkKey): Decision {
  turn.state.misunderstandings = 0;
  const said = turn.t(`smalltalk.${key}`);
  const text = key === 'greet' || key === 'how_are_you' ? turn.join(turn.greeting(), said) : said;
  const outcome = turn.state.answered.length > 0 || key === 'goodbye' ? 'answered' : 'in_progress';
  return { replies: [{ text }], effects: [], contact: { kind: 'inquiry', summary: turn.contactSummary(), outcome } };
}

/** The truth: a virtual assistant; how to reach a person, and when people are there. */
export function aboutTheBot(turn: Turn): Decision {
  turn.state.misunderstandings = 0;
  const text = turn.join(turn.state.turns <= 1 ? turn.greeting() : '', turn.t('identity.bot', { hours: describeStaffHours(turn) }));
  return { replies: [{ text }], effects: [], contact: { kind: 'inquiry', summary: 'asked whether they are talking to a bot', outcome: 'answered' } };
}

/**
 * Weather, jokes, buying advice: said honestly, with what the bot can do instead (or only what it
 * can do, when that was the question). An off-topic question (decide) does not count as a misunderstanding; a message not understood at all (inquiry) does.
 */
export function outOfScope(turn: Turn, options: { brief?: boolean; capabilities?: boolean } = {}): Decision {
  const key = options.capabilities ? 'scope.capabilities' : options.brief ? 'scope.outside_brief' : 'scope.outside';
  const text = turn.t(key);
  return { replies: [{ text }], effects: [], contact: { kind: 'inquiry', summary: `out of scope: "${turn.input.text.slice(0, 120)}"`, outcome: 'unresolved' } };
}

/** "Is anyone there at weekends?": when people work, from the staff-hours settings. */
export function staffHoursAnswer(turn: Turn): Decision {
  return {
    replies: [{ text: turn.t('hours.answer', { hours: describeStaffHours(turn) }) }],
    effects: [],
    contact: { kind: 'inquiry', summary: 'asked when staff are available', outcome: 'answered' },
  };
}
