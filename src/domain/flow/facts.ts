// Step 2's facts: every fact a message surely carries is taken, from any message (the first
// included); the answer to the fact asked is taken only when it fits that fact — a date is not a
// product, a question is not a wish.

import type { FactKey } from '../policy.ts';
import type { Want } from '../types.ts';
import { fitsWithin } from '../nlu/message-length.ts';
import { findModelCode } from '../nlu/products.ts';
import type { Turn } from './context.ts';
import { checkQuotedOrder, quotedOrderNumber } from './order-on-file.ts';
import type { ComplaintState } from './state.ts';

const FREE_TEXT_LIMIT = 200;
const PROBLEM_LIMIT = 120;
const DONT_KNOW =
  /不知道|不清楚|没有订单|没订单号|找不到|忘了|记不得|记不清|手边没有|手上没有|手头没有|没在手边|不在手边|don'?t (know|have|remember)|no idea|not sure|forgot|can'?t find|lost (it|the)|no order number|not on me|not with me|don'?t have it (on|with) me/i;
const GREETING_CLAUSE = /^((hi|hello|hey|hiya)( there| guys| team| all)?|good (morning|afternoon|evening)|dear \w+|你好|您好|在吗|在不在|哈喽|嗨|喂)(?![\w])[\s,，!！.。]*/iu;
/** A clause that only says what they want ("我想修一下", "I'd like a replacement"): the wish is its own fact. */
const WISH_CLAUSE =
  /^(我想|我要|想要?|要|希望|给我|请|麻烦|i'?d like|i want|i would like|i need|please|can you|could you)\s*.{0,14}(修|换|退|赔|补偿|refund|replace|repair|exchange|money back|new one|fix)/i;
/** Sarcasm and order-number labels are not part of what happened. */
const SARCASM_CLAUSE = /呵呵|真棒|可真|真是谢谢|效率(可)?真高|服务真好|真是一流|太棒了|oh great|wonderful|fantastic|brilliant|just what i needed|thanks a lot|top notch|great job/i;
/**
 * "order 31002244:" standing on its own between separators, not "my kettle from order 123 leaks".
 * Chinese customers separate clauses with spaces too, English ones do not.
 */
const ORDER_LABEL = {
  zh: /(?<=^|[\s,，.。:：;；(（-])(?:订单号?|单号|\border(?: number| no\.?| #)?)\s*(?:是|is)?\s*[:：#]?\s*(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,}(?=$|[\s,，.。:：;；)）-])/gi,
  en: /(?<=^|[,.:;(-]\s*)(?:my )?order(?: number| no\.?| #)?\s*(?:is)?\s*[:#]?\s*(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,}(?=\s*(?:$|[,.:;)]|\s-\s))/gi,
};
const EMPTY_CLAUSE = /^(i want to complain|i'?d like to complain|i have a complaint|complaint|我要投诉|投诉|我想投诉|有个问题|问一下)$/i;
const NOTHING = /^(no|nope|none|nah|n\/a|没有|没|无)[\s.!。！,，]*$/i;
/** Words of a correction: "actually", "not X but Y", "记错了". */
const CORRECTING = /actually|not .{1,20} but|sorry,? (it|its|it's)|i mean|correction|wrong|记错|说错|打错|不是.{1,12}是|其实|应该是|更正|纠正/i;
/** "Hang on, let me check", "等下我找找": the answer is still coming. */
const STILL_LOOKING =
  /hang on|hold on|one sec|one moment|just a (sec|moment|minute)|let me (check|look|find|see)|give me a (sec|moment|minute)|wait a (sec|moment|minute)|等下|等一下|等等|稍等|我找找|我看看|我查查|我翻翻|我找一下|我看一下|让我找/i;
/** Short answers that carry no fact ("ok", "嗯", "one sec"). */
const FILLER = /^(ok(ay)?|k|yes|yeah|yep|no|nope|sure|fine|hm+|um+|uh+|one sec(ond)?|wait|hold on|嗯+|哦+|好的?|行|对|是的?|没问题|可以|稍等|等一下|等等)[\s.!。！,，]*$/i;

export interface Collected {
  /** Some fact was added or changed. */
  changed: boolean;
  /** The message named a fact exactly as it is already stored (a confirmation). */
  repeated: boolean;
  /** The fact asked for is still missing: the answer did not fit it. */
  unfit: boolean;
}

/**
 * Takes the facts of the message into the complaint; at the first message, the story too. With
 * `answering: false` (a message while waiting for a person) only what the message surely says.
 */
export function collectFacts(turn: Turn, complaint: ComplaintState, { firstMessage, answering = true }: { firstMessage: boolean; answering?: boolean }): Collected {
  const { entities, intent } = turn.input.nlu;
  const text = turn.input.text.trim();
  const facts = complaint.facts;
  const before = JSON.stringify(facts);
  const stored = { ...facts };
  const asking = firstMessage || !answering ? undefined : complaint.asking;
  // The category follows the facts: what the story says, or a product with a fault; a wish ("money back") says nothing of it.
  if (complaint.category === 'other') {
    if (entities.category && (firstMessage || !entities.want)) complaint.category = entities.category;
    else if (entities.product && (firstMessage || asking === 'problem')) complaint.category = 'product_quality';
  }
  const order = quotedOrderNumber(entities, asking);
  if (order) {
    facts.orderNumber = order;
    checkQuotedOrder(turn, complaint, order);
  }
  // A model code alone is the product when the product was asked, or a correction of it at the restatement.
  const modelOnly = asking === 'product' || complaint.confirming || complaint.correcting ? findModelCode(text, entities.orderCandidates ?? []) : undefined;
  // Where a product is due and the list knows none: the story's or the answer's noun phrase.
  const story = firstMessage && (entities.fault === true || complaint.category === 'product_quality');
  const guessed = !entities.product && !modelOnly && (story || (asking === 'product' && !STILL_LOOKING.test(text))) ? turn.deps.guessProduct?.(text, turn.language) : undefined;
  const product = entities.product ?? modelOnly ?? guessed;
  // A product named later replaces the stored one only when it was asked for or the customer is correcting the restatement.
  const betterThanBrand = complaint.productIsBrand && !entities.brandOnly;
  if (
    product &&
    (facts.product === undefined ||
      facts.product === 'unknown' ||
      betterThanBrand ||
      asking === 'product' ||
      complaint.correcting ||
      (complaint.confirming && (modelOnly !== undefined || CORRECTING.test(text))))
  ) {
    facts.product = product;
    complaint.productIsBrand = entities.brandOnly === true && !modelOnly;
  }
  const want = entities.want ?? wantNamedByOption(entities.optionKinds);
  if (want) facts.want = want;
  const date = entities.dates?.[0];
  const dateInOrder = order !== undefined && /^\d+$/.test(order) && order.startsWith(date?.replace(/-/g, '') ?? '-');
  if (date && !dateInOrder && (facts.date === undefined || facts.date === 'unknown' || asking === 'date' || complaint.correcting || CORRECTING.test(text))) facts.date = date;
  const amount = entities.amounts?.[0];
  if (amount) facts.amount = `${amount.value}${amount.currency ? ` ${amount.currency}` : ''}`;
  // Asked for the amount, a bare number is the amount ("多扣了899").
  const bare = asking === 'amount' && !amount ? /(?<![\w.-])\d{1,6}(?:\.\d{1,2})?(?![\w-])/.exec(text)?.[0] : undefined;
  if (bare && !entities.orderCandidates?.includes(bare)) facts.amount = bare;
  if (firstMessage && describesProblem(text)) facts.problem = summarizeProblem(text);
  if (asking && facts[asking] === undefined) {
    // "No" / "没有" to "do you have the order number?" means not known; "不对，我记错了" does not.
    if ((intent === 'deny' && NOTHING.test(text)) || (DONT_KNOW.test(text) && isShort(text))) facts[asking] = 'unknown';
    else if (fitsFreeText(turn, asking)) facts[asking] = asking === 'problem' ? summarizeProblem(text) : clip(text);
  }
  const named = [order, product, want].filter((v): v is string => v !== undefined);
  const repeated = named.length > 0 && named.every((v) => Object.values(stored).includes(v));
  return { changed: JSON.stringify(facts) !== before, repeated, unfit: asking !== undefined && facts[asking] === undefined };
}

/** "Send it again", "a voucher": a solution named is the wish behind it. */
function wantNamedByOption(kinds: readonly string[] | undefined): Want | undefined {
  const kind = kinds?.[0];
  if (!kind) return undefined;
  const wants: Record<string, Want> = { refund: 'refund', replacement: 'replacement', reship: 'replacement', repair: 'repair', voucher: 'compensation', investigation: 'apology' };
  return wants[kind];
}

/** Free text is kept as the answer only where it can be one: a product name, a story, a time. */
function fitsFreeText(turn: Turn, fact: FactKey): boolean {
  const text = turn.input.text.trim();
  const { entities } = turn.input.nlu;
  if (!meaningful(text) || FILLER.test(text) || STILL_LOOKING.test(text) || turn.asks) return false;
  switch (fact) {
    case 'product':
      // A date, an order number or a wish answers something else.
      return (
        !entities.dates && !entities.orderCandidates && !entities.want && !entities.optionKinds && !entities.amounts && !/\d{1,2}(号|日|月)|昨天|前天|上周|yesterday|last (week|month)|ago/i.test(text)
      );
    case 'problem':
      return true;
    case 'date':
      return /\d|昨|前天|上周|上个月|今天|早上|下午|晚上|周|星期|yesterday|today|last|ago|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month/i.test(text);
    case 'want':
    case 'orderNumber':
    case 'amount':
      return false;
  }
}

/**
 * "What happened" in one short sentence: the clauses of the message without greetings, "I want to
 * complain", or the order number on its own.
 */
export function summarizeProblem(text: string): string {
  const han = /\p{Script=Han}/u.test(text);
  // Chinese customers often separate clauses with spaces instead of commas.
  const separators = han ? /(?<=[。！？!?;；\n，,])|\s+/u : /(?<=[.!?;\n])\s+/u;
  const clauses = text
    .replace(han ? ORDER_LABEL.zh : ORDER_LABEL.en, ' ')
    .split(separators)
    .map((c) =>
      c
        .replace(GREETING_CLAUSE, '')
        .replace(/^[\s,，.。:：;；-]+/u, '')
        .replace(han ? /[\s,，;；:：-]+$/u : /[\s;:-]+$/u, '')
        .trim(),
    )
    .filter((c) => c.length > 0 && !EMPTY_CLAUSE.test(c.replace(/[.,，。!！]+$/u, '')));
  // English wishes often follow a comma ("…it leaks, I want a replacement"): drop that part too.
  const story = clauses
    .map((c) =>
      han
        ? c
        : c
            .split(/,\s+/)
            .filter((part) => !WISH_CLAUSE.test(part))
            .join(', '),
    )
    .filter((c) => c.length > 0 && !WISH_CLAUSE.test(c) && !SARCASM_CLAUSE.test(c));
  const kept = (story.length ? story : clauses)
    .join(han ? '，' : ' ')
    .replace(/[(（]\s*[)）]/gu, '')
    .replace(/\s+([,，.。])/gu, '$1')
    .replace(/\s+/g, ' ')
    .replace(/，([。！？])/gu, '$1')
    .trim();
  const summary = han ? kept || text.trim() : (kept || text.trim()).replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  return summary.length > PROBLEM_LIMIT ? `${summary.slice(0, PROBLEM_LIMIT - 1)}…` : summary;
}

/** Long enough to be the story itself, not just "I want to complain". */
export function describesProblem(text: string): boolean {
  return !fitsWithin(text, { chars: 7, words: 4 });
}

/** A short answer ("不知道", "don't have it on me"), not a story that happens to contain "不知道". */
function isShort(text: string): boolean {
  return fitsWithin(text, { chars: 12, words: 8 });
}

/** More than a word or two: worth keeping as a description. */
function meaningful(text: string): boolean {
  const trimmed = text.trim();
  return /\p{Script=Han}/u.test(trimmed) ? trimmed.length >= 2 : trimmed.length >= 3;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > FREE_TEXT_LIMIT ? `${oneLine.slice(0, FREE_TEXT_LIMIT - 1)}…` : oneLine;
}
