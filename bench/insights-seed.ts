// The insights benchmark's data set, written straight with multi-row SQL INSERTs in transactions of
// CHUNK conversations: customers with one identity each, conversations spread over the last
// `days` days on three channels in two languages, their messages, escalations (audit entries with
// a reason), takeovers and staff replies, closes, complaint cases at every step with products,
// commitments and revisit surveys; customers' tiers and lifecycle stages, each conversation's contact
// as the engine leaves it (a quarter of the inquiries the bot kept end on a question it could not
// answer, from a pool of 300 wordings in zh and en: about 15 % of the conversations by default),
// and the ratings asked after a chat (people served, and some the bot served alone) with the
// contact rows of their answers. Deterministic: the same sizes give the same rows. What is new
// comes from a random sequence of its own, so the rows earlier versions of this file wrote stay
// the same (customers gain a tier, a stage and an opt-out).

import type { SqlDriver, SqlExecutor, SqlValue } from '../src/store/sql/sql-driver.ts';
import { insertBatches, valuesPlaceholders } from '../src/store/sql/sql-batches.ts';

export interface SeedSizes {
  messages: number;
  conversations: number;
  cases: number;
  days: number;
}

export interface SeedCounts {
  messages: number;
  conversations: number;
  handed: number;
  cases: number;
  commitments: number;
  surveys: number;
  auditEntries: number;
  contacts: number;
  /** Contacts the bot left on a question it could not answer (the knowledge gaps' rows). */
  unanswered: number;
  /** Chat ratings planned (asked, answered, expired or skipped), and of them answered. */
  ratings: number;
  ratingsAnswered: number;
}

const CHUNK = 1000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const STAFF = 20;
const CHANNELS = ['webchat', 'webchat', 'webchat', 'webchat', 'webchat', 'telegram', 'telegram', 'telegram', 'botframework', 'botframework'] as const;
const REASONS = ['asked_for_person', 'asked_for_person', 'asked_for_person', 'angry', 'angry', 'no_agreement', 'victimized', 'safety', 'repeated_misunderstanding', 'a_tier_green_channel'] as const;
const CATEGORIES = ['product_quality', 'product_quality', 'product_quality', 'delivery', 'delivery', 'billing', 'service_attitude', 'other'] as const;
const PRODUCTS = [
  'kettle',
  'rice cooker',
  'air fryer',
  'blender',
  'toaster',
  '电水壶',
  '电饭煲',
  '空气净化器',
  '吹风机',
  '扫地机器人',
  'washing machine',
  'fridge',
  'TV',
  'laptop',
  'headphones',
  'unknown',
] as const;
/** Furthest step of a case: 1 … 5 with these weights (out of 20). */
const STEPS = [1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5] as const;

const TIERS = ['A', 'B', 'B', 'B', 'C', 'C', 'C', 'C', 'C', 'C'] as const;
const STAGES = ['exploration', 'exploration', 'exploration', 'formation', 'formation', 'formation', 'stability', 'stability', 'stability', 'decline'] as const;
/** Knowledge entries (prompts/knowledge) the bot answers with, as the contact log lists them. */
const TOPICS = ['shipping-time', 'shipping-fee', 'tracking-parcel', 'return-policy', 'refund-time', 'warranty-length', 'payment-methods', 'invoice', 'store-pickup', 'membership-points'] as const;
/** Scores given after a chat with a person, and after one with the bot alone. */
const STAFF_SCORES = [1, 2, 3, 4, 4, 4, 5, 5, 5, 5] as const;
const BOT_SCORES = [1, 1, 2, 3, 3, 4, 4, 5, 5, 5] as const;
const COMMENTS = { zh: ['客服很耐心', '等太久了', '问题解决了，谢谢', '回复有点慢'], en: ['Very helpful, thanks', 'Took too long', 'Sorted quickly', 'The agent was friendly'] } as const;
/** How the handoff summary (prompts/replies.yaml handoff.summary.reason.*, in English) says why. */
const HANDOFF_REASONS: Record<(typeof REASONS)[number], string> = {
  asked_for_person: 'asked to talk to a person.',
  angry: 'stayed angry while the bot handled the complaint.',
  no_agreement: 'did not accept what the bot offered.',
  victimized: 'feels wronged.',
  safety: 'reported a safety issue.',
  repeated_misunderstanding: 'was misunderstood by the bot several times in a row.',
  a_tier_green_channel: 'has a complaint and, as an A-tier customer, goes straight to a person.',
};
/** handoff.summary.category.* in English. */
const CATEGORY_WORDS: Record<(typeof CATEGORIES)[number], string> = {
  product_quality: 'product quality',
  delivery: 'delivery',
  billing: 'billing',
  service_attitude: 'how our staff treated them',
  other: 'something else',
};
/**
 * Questions the bot cannot answer (nothing in prompts/knowledge covers them): 30 subjects asked 5
 * ways in each language. Subjects come up Zipf-like (the first most); the ways of asking differ in
 * case and punctuation only (grouped by the SQL) or in word order and filler (grouped by keywords).
 */
const QUESTIONS = {
  en: {
    subjects: [
      'apply for a job with you',
      'become a dealer in my city',
      'buy a gift card',
      'rent a washing machine for a month',
      'buy a refurbished laptop',
      'get my phone screen fixed',
      'get a student discount',
      'have my kettle engraved',
      'join your affiliate program',
      'pay with bitcoin',
      'order the fridge in a custom colour',
      'visit your factory',
      'sell my old laptop to you',
      'bring my dog into the store',
      'get a sample before buying',
      'ask you to sponsor our school event',
      'bake bread in the air fryer',
      'get a quote for a hotel renovation',
      'talk to your CEO',
      'know the weather tomorrow',
      'book a cooking class',
      'order a birthday cake',
      'advertise on your website',
      'buy shares in your company',
      "know the score of last night's game",
      'donate old clothes at your store',
      'pay my electricity bill here',
      'book a table for dinner',
      'get 500 mugs printed with our logo',
      'have the blender delivered by drone',
    ],
    frames: [
      (v: string) => `Can I ${v}?`,
      (v: string) => `can i ${v}`,
      (v: string) => `Hi, can I ${v}?`,
      (v: string) => `Is it possible to ${v}?`,
      (v: string) => `${v[0]!.toUpperCase()}${v.slice(1)} - can I?`,
    ],
  },
  zh: {
    subjects: [
      '应聘你们的客服岗位',
      '加盟开一家专卖店',
      '买礼品卡送人',
      '租一台洗衣机用一个月',
      '买二手翻新的笔记本',
      '帮我修手机屏幕',
      '用学生证打折',
      '在电水壶上刻字',
      '参加你们的推广联盟',
      '用比特币付款',
      '定制冰箱的颜色',
      '参观你们的工厂',
      '把旧笔记本卖给你们',
      '带宠物狗进门店',
      '先寄个样品试用',
      '赞助我们学校的活动',
      '教我用空气炸锅做面包',
      '给酒店装修报个价',
      '和你们老板直接谈',
      '告诉我明天的天气',
      '报名烹饪课',
      '订一个生日蛋糕',
      '在你们网站上打广告',
      '买你们公司的股票',
      '告诉我昨晚球赛的比分',
      '在门店捐旧衣服',
      '在这里交电费',
      '订一张晚餐的桌子',
      '定制五百个印字的杯子',
      '用无人机送搅拌机',
    ],
    frames: [(v: string) => `你们可以${v}吗`, (v: string) => `请问能${v}吗？`, (v: string) => `${v}可以吗`, (v: string) => `想问一下能不能${v}`, (v: string) => `你好，${v}行不行`],
  },
} as const;

/** A conversation's flow state as a complaint leaves it (~600 bytes): scans of Conversation read rows this wide. */
const FLOW_STATE = JSON.stringify({
  step: 'follow_through',
  complaint: {
    caseId: 'k',
    category: 'product_quality',
    step: 5,
    facts: { product: 'kettle', orderNumber: 'JD123456789', problem: 'it leaks from the bottom after two days', want: 'replacement' },
    offered: ['replacement', 'repair', 'voucher'],
    chosen: 'replacement',
    confirming: false,
    correcting: false,
    productIsBrand: false,
  },
  feeling: 'annoyed',
  misunderstandings: 0,
  language: 'zh',
  lastIntent: 'affirm',
  escalation: null,
  summary: 'The customer’s kettle leaks; a replacement was agreed and will ship within 48 hours.',
});

type Rows = SqlValue[][];

interface Chunk {
  customers: Rows;
  identities: Rows;
  conversations: Rows;
  messages: Rows;
  audits: Rows;
  cases: Rows;
  commitments: Rows;
  surveys: Rows;
  contacts: Rows;
  ratings: Rows;
}

/** What the contact and the rating of a conversation depend on. */
interface Served {
  index: number;
  id: string;
  customerId: string;
  channel: string;
  locale: 'zh' | 'en';
  tier: string;
  createdAt: number;
  /** The last message's time. */
  lastAt: number;
  queuedAt: number | null;
  reason: (typeof REASONS)[number] | null;
  closedAt: number | null;
  staffId: string;
}

/** The contact a complaint's turns leave (domain/flow/complaint.ts complaintSummary). */
interface ComplaintNote {
  summary: string;
  category: (typeof CATEGORIES)[number];
  step: number;
  commitment: boolean;
}

/** mulberry32: integer arithmetic throughout, so the sequence is long and the same everywhere. */
function randomSequence(start: number): () => number {
  let seed = start;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Writes the data set ending at `now`; `progress` hears how far it got after every chunk. */
export async function seedInsightsData(sql: SqlDriver, sizes: SeedSizes, now: Date, progress: (counts: SeedCounts) => void): Promise<SeedCounts> {
  const random = randomSequence(20_261_215);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // The newer tables' own sequence: drawing from it leaves the older tables' rows as they were.
  const later = randomSequence(20_261_207);
  const counts: SeedCounts = { messages: 0, conversations: 0, handed: 0, cases: 0, commitments: 0, surveys: 0, auditEntries: 0, contacts: 0, unanswered: 0, ratings: 0, ratingsAnswered: 0 };
  const at = now.getTime();
  // The last conversation starts two hours before `now`: its messages and close are in the past.
  const span = sizes.days * DAY - 2 * 60 * MINUTE;
  const first = at - sizes.days * DAY;
  const staffIds = Array.from({ length: STAFF }, (_, i) => `staff-${i}`);
  await sql.transaction((tx) =>
    insertRows(
      tx,
      'Staff',
      ['id', 'email', 'name', 'passwordHash', 'role', 'updatedAt'],
      staffIds.map((id, i) => [id, `${id}@bench.test`, `Staff ${i}`, '-', 'agent', now]),
    ),
  );
  // Messages per conversation: the mean, varied ±50 % in pairs so the total stays exact.
  const mean = Math.floor(sizes.messages / sizes.conversations);
  let extra = sizes.messages - mean * sizes.conversations;
  let carried = 0;

  for (let start = 0; start < sizes.conversations; start += CHUNK) {
    const chunk: Chunk = { customers: [], identities: [], conversations: [], messages: [], audits: [], cases: [], commitments: [], surveys: [], contacts: [], ratings: [] };
    for (let i = start; i < Math.min(start + CHUNK, sizes.conversations); i += 1) {
      let messages = mean;
      if (i % 2 === 0) {
        carried = Math.floor(random() * Math.floor(mean / 2));
        messages += carried;
      } else messages -= carried;
      if (extra > 0) {
        messages += 1;
        extra -= 1;
      }
      messages = Math.max(messages, 0);
      const id = `v${String(i).padStart(8, '0')}`;
      const customerId = `c${String(i).padStart(8, '0')}`;
      const identityId = `i${String(i).padStart(8, '0')}`;
      const channel = pick(CHANNELS);
      const locale = random() < 0.6 ? 'zh' : 'en';
      // In start order, as a live service writes them (rows on disk follow time, as in production).
      const createdAt = first + Math.floor(((i + random()) * span) / sizes.conversations);
      const handed = random() < 0.25 && messages >= 4;
      const escalateAfter = handed ? Math.max(1, Math.floor(messages / 3)) : messages;
      const takenOver = handed && random() < 0.85;
      const closes = takenOver && random() < 0.8;
      const staffId = pick(staffIds);
      let time = createdAt;
      let queuedAt: number | null = null;
      let reason: (typeof REASONS)[number] | null = null;
      for (let m = 0; m < messages; m += 1) {
        time += 20 * SECOND + Math.floor(random() * 70 * SECOND);
        let author = m % 2 === 0 ? 'customer' : 'bot';
        if (m === escalateAfter) {
          queuedAt = time - SECOND;
          reason = pick(REASONS);
          chunk.audits.push(audit(`escalated-${id}`, 'system', null, 'conversation.escalated', id, JSON.stringify({ reason, priority: 50, summary: 'bench' }), queuedAt));
          if (takenOver) {
            time += 30 * SECOND + Math.floor(random() * 20 * MINUTE);
            chunk.audits.push(audit(`taken-${id}`, 'staff', staffId, 'conversation.taken_over', id, '{"from":"queued"}', time - SECOND));
          }
        }
        if (m >= escalateAfter) author = takenOver ? (m % 2 === escalateAfter % 2 ? 'staff' : 'customer') : m % 2 === 0 ? 'customer' : 'system';
        if (author === 'staff') chunk.audits.push(audit(`said-${id}-${m}`, 'staff', staffId, 'conversation.staff_message', id, '{"delivered":true}', time));
        chunk.messages.push([id, author === 'customer' ? 'in' : 'out', author, author === 'staff' ? staffId : null, `message ${m} of ${id}`, new Date(time)]);
      }
      const closedAt = closes ? time + MINUTE : null;
      const status = closes ? 'closed' : takenOver ? 'human' : handed ? 'queued' : 'bot';
      chunk.identities.push([identityId, channel, `bench-${i}`, customerId, new Date(createdAt)]);
      chunk.conversations.push([
        id,
        customerId,
        identityId,
        channel,
        status,
        handed ? 50 : 0,
        handed ? 'bench' : null,
        queuedAt === null ? null : new Date(queuedAt),
        takenOver && !closes ? staffId : null,
        FLOW_STATE,
        locale,
        new Date(time),
        closedAt === null ? null : new Date(closedAt),
        new Date(createdAt),
        new Date(closedAt ?? time),
      ]);
      counts.conversations += 1;
      counts.messages += messages;
      if (handed) counts.handed += 1;
      // Exactly `cases` conversations carry a complaint, spread evenly.
      const complaint =
        Math.floor(((i + 1) * sizes.cases) / sizes.conversations) > Math.floor((i * sizes.cases) / sizes.conversations)
          ? addCase(chunk, { id, customerId, createdAt, handed, closes }, pick, random, counts)
          : null;
      const tier = TIERS[Math.floor(later() * TIERS.length)]!;
      const stage = STAGES[Math.floor(later() * STAGES.length)]!;
      const served: Served = { index: i, id, customerId, channel, locale, tier, createdAt, lastAt: time, queuedAt, reason, closedAt, staffId };
      const { optedOut } = addContactAndRating(chunk, served, complaint, later, at, counts);
      chunk.customers.push([customerId, `Customer ${i}`, locale, tier, stage, optedOut, new Date(createdAt), new Date(createdAt)]);
    }
    counts.auditEntries += chunk.audits.length;
    await writeChunk(sql, chunk);
    progress({ ...counts });
  }
  return counts;
}

/** The conversation's complaint case, its commitment and survey; returns the contact its turns leave. */
function addCase(
  chunk: Chunk,
  conversation: { id: string; customerId: string; createdAt: number; handed: boolean; closes: boolean },
  pick: <T>(items: readonly T[]) => T,
  random: () => number,
  counts: SeedCounts,
): ComplaintNote {
  const caseId = `k${conversation.id.slice(1)}`;
  const step = pick(STEPS);
  const createdAt = conversation.createdAt + MINUTE;
  const status = step === 5 ? (random() < 0.5 ? 'closed' : 'fulfilled') : conversation.handed ? 'escalated' : conversation.closes ? 'closed' : 'open';
  const product = pick(PRODUCTS);
  const orderNumber = `JD${Math.floor(random() * 1e9)}`;
  const facts = JSON.stringify({ product, orderNumber });
  const category = pick(CATEGORIES);
  const emotion = pick(['calm', 'annoyed', 'angry', 'victimized'] as const);
  chunk.cases.push([caseId, conversation.customerId, conversation.id, category, emotion, step, step, facts, status, new Date(createdAt), new Date(createdAt)]);
  counts.cases += 1;
  let summary = `${category} complaint (${emotion}), step ${step}: product=${product}, orderNumber=${orderNumber}`;
  if (step >= 4) {
    const kind = pick(['refund', 'replacement', 'repair', 'voucher'] as const);
    chunk.commitments.push([
      `m${caseId}`,
      caseId,
      conversation.customerId,
      kind,
      'bench commitment',
      new Date(createdAt + DAY),
      'fulfilled',
      new Date(createdAt + 10 * MINUTE),
      new Date(createdAt + 10 * MINUTE),
    ]);
    counts.commitments += 1;
    summary += `; agreed: ${kind}`;
  }
  if (step === 5 && random() < 0.6) {
    const score = 1 + Math.floor(random() * 5);
    const expected = 3 + Math.floor(random() * 3);
    chunk.surveys.push([`s${caseId}`, caseId, conversation.customerId, score, `${expected}/5`, `${score}/5`, score / expected, score >= 4, new Date(createdAt + 20 * MINUTE)]);
    counts.surveys += 1;
  }
  return { summary, category, step, commitment: step >= 4 };
}

/**
 * The conversation's contact row as the engine leaves it (rewritten by each turn that changes it:
 * conversation/engine.ts, store/conversations.ts upsertContact) and its chat rating, if one was
 * asked: after a close by people (store/chat-ratings.ts planRatingAfterClose), or after an inquiry
 * the bot resolved alone (planBotRating, CSAT_AFTER_BOT). An answer writes a contact row of its own
 * (domain/flow/chat-rating.ts), "in progress" until the comment is given or declined. Returns
 * whether the customer opted out (a skipped rating, an opt-out turn).
 */
function addContactAndRating(chunk: Chunk, c: Served, complaint: ComplaintNote | null, random: () => number, now: number, counts: SeedCounts): { optedOut: boolean } {
  let contact: { kind: string; summary: string; outcome: string; at: number };
  const contactRow = (id: string, note: typeof contact, createdAt: number): SqlValue[] => [
    id,
    c.customerId,
    c.id,
    note.kind,
    c.channel,
    note.summary,
    note.outcome,
    new Date(createdAt),
    new Date(note.at),
  ];
  if (c.reason !== null) {
    const complaintLine = complaint ? ` Complaint about ${CATEGORY_WORDS[complaint.category]}, at step ${complaint.step} of 5.` : '';
    contact = { kind: complaint ? 'complaint' : 'inquiry', summary: `Customer ${c.index} (tier ${c.tier}) ${HANDOFF_REASONS[c.reason]}${complaintLine}`, outcome: 'escalated', at: c.queuedAt! };
  } else if (complaint) contact = { kind: 'complaint', summary: complaint.summary, outcome: complaint.commitment ? 'commitment' : 'in_progress', at: c.lastAt };
  else contact = botInquiry(c, random);
  if (contact.outcome === 'unresolved' && /^(out of scope|chat): "/.test(contact.summary)) counts.unanswered += 1;
  const optedOut = contact.outcome === 'opted_out';

  let rating: { servedBy: 'staff' | 'bot'; askedAt: number; scores: readonly number[]; answered: number } | null = null;
  if (c.closedAt !== null) rating = { servedBy: 'staff', askedAt: c.closedAt, scores: STAFF_SCORES, answered: 0.5 };
  else if (c.reason === null && !complaint && contact.outcome === 'answered' && random() < 0.3) rating = { servedBy: 'bot', askedAt: c.lastAt, scores: BOT_SCORES, answered: 0.35 };
  let skipped = false;
  if (rating) {
    const draw = random();
    const status = draw < rating.answered ? 'answered' : draw < rating.answered + 0.08 ? 'skipped' : rating.askedAt > now - DAY ? 'asked' : 'expired';
    skipped = status === 'skipped';
    let score: number | null = null;
    let comment: string | null = null;
    let answeredAt: number | null = null;
    if (status === 'answered') {
      score = rating.scores[Math.floor(random() * rating.scores.length)]!;
      answeredAt = rating.askedAt + MINUTE + Math.floor(random() * 20 * MINUTE);
      const finished = random() < 0.8;
      if (finished && random() < 0.3) comment = COMMENTS[c.locale][Math.floor(random() * COMMENTS[c.locale].length)]!;
      const answer = finished
        ? { kind: 'rating', summary: `chat rating: ${score}/5, ${comment ? 'with a comment' : 'no comment'}`, outcome: 'answered', at: answeredAt + MINUTE }
        : { kind: 'rating', summary: `chat rating: ${score}/5`, outcome: 'in_progress', at: answeredAt };
      chunk.contacts.push(contactRow(`t${c.id.slice(1)}-rating`, answer, answeredAt));
      counts.contacts += 1;
      counts.ratingsAnswered += 1;
    }
    const staffId = rating.servedBy === 'staff' ? c.staffId : null;
    chunk.ratings.push([
      `r${c.id.slice(1)}`,
      c.id,
      c.customerId,
      c.channel,
      rating.servedBy,
      staffId,
      status,
      score,
      comment,
      c.locale,
      new Date(rating.askedAt),
      answeredAt === null ? null : new Date(answeredAt),
    ]);
    counts.ratings += 1;
  }
  chunk.contacts.push(contactRow(`t${c.id.slice(1)}`, contact, c.createdAt));
  counts.contacts += 1;
  return { optedOut: optedOut || skipped };
}

/** How an inquiry the bot kept to itself ends: a quarter on a question it could not answer (domain/flow/small-talk.ts outOfScope, inquiry.ts), most answered. */
function botInquiry(c: Served, random: () => number): { kind: string; summary: string; outcome: string; at: number } {
  const draw = random();
  const at = c.lastAt;
  if (draw < 0.25) {
    const { subjects, frames } = QUESTIONS[c.locale];
    const subject = subjects[Math.floor(subjects.length * random() ** 2)]!;
    const question = frames[Math.floor(random() * frames.length)]!(subject);
    return { kind: 'inquiry', summary: random() < 0.6 ? `out of scope: "${question}"` : `chat: "${question}"`, outcome: 'unresolved', at };
  }
  // Unresolved too, but not a question left open: the query's LIKE has these to pass over.
  if (draw < 0.28)
    return { kind: 'inquiry', summary: random() < 0.5 ? 'callback requested without phone' : `asked about: ${TOPICS[Math.floor(random() * TOPICS.length)]!}`, outcome: 'unresolved', at };
  if (draw < 0.29) return { kind: 'inquiry', summary: 'opted out of greetings and promotions', outcome: 'opted_out', at };
  if (draw < 0.42) return { kind: 'inquiry', summary: random() < 0.5 ? 'callback requested' : `chat: "${c.locale === 'zh' ? '你好' : 'hello'}"`, outcome: 'in_progress', at };
  const topics = [TOPICS[Math.floor(random() * TOPICS.length)]!, ...(random() < 0.3 ? [TOPICS[Math.floor(random() * TOPICS.length)]!] : [])];
  return { kind: 'inquiry', summary: `asked about: ${[...new Set(topics)].join(', ')}`, outcome: 'answered', at };
}

function audit(id: string, actorType: string, actorId: string | null, action: string, conversationId: string, details: string, time: number): SqlValue[] {
  return [id, actorType, actorId, action, 'Conversation', conversationId, details, new Date(time)];
}

async function writeChunk(sql: SqlDriver, chunk: Chunk): Promise<void> {
  await sql.transaction(async (tx) => {
    await insertRows(tx, 'Customer', ['id', 'name', 'locale', 'tier', 'lifecycleStage', 'optOutGreetings', 'createdAt', 'updatedAt'], chunk.customers);
    await insertRows(tx, 'ChannelIdentity', ['id', 'channel', 'externalId', 'customerId', 'createdAt'], chunk.identities);
    await insertRows(
      tx,
      'Conversation',
      ['id', 'customerId', 'identityId', 'channel', 'status', 'priority', 'queueReason', 'queuedAt', 'assignedStaffId', 'flowState', 'locale', 'lastMessageAt', 'closedAt', 'createdAt', 'updatedAt'],
      chunk.conversations,
    );
    await insertRows(tx, 'Message', ['conversationId', 'direction', 'author', 'staffId', 'text', 'createdAt'], chunk.messages);
    await insertRows(tx, 'AuditLog', ['id', 'actorType', 'actorId', 'action', 'entity', 'entityId', 'details', 'createdAt'], chunk.audits);
    await insertRows(tx, 'Case', ['id', 'customerId', 'conversationId', 'category', 'emotion', 'step', 'maxStep', 'facts', 'status', 'createdAt', 'updatedAt'], chunk.cases);
    await insertRows(tx, 'Commitment', ['id', 'caseId', 'customerId', 'kind', 'description', 'dueAt', 'status', 'createdAt', 'updatedAt'], chunk.commitments);
    await insertRows(tx, 'Survey', ['id', 'caseId', 'customerId', 'score', 'expected', 'perceived', 'ratio', 'satisfied', 'createdAt'], chunk.surveys);
    await insertRows(tx, 'Contact', ['id', 'customerId', 'conversationId', 'kind', 'channel', 'summary', 'outcome', 'createdAt', 'updatedAt'], chunk.contacts);
    await insertRows(tx, 'ChatRating', ['id', 'conversationId', 'customerId', 'channel', 'servedBy', 'staffId', 'status', 'score', 'comment', 'language', 'askedAt', 'answeredAt'], chunk.ratings);
  });
}

async function insertRows(tx: SqlExecutor, table: string, columns: readonly string[], rows: Rows): Promise<void> {
  const names = columns.map((c) => `"${c}"`).join(', ');
  for (const batch of insertBatches(rows)) {
    await tx.execute(`INSERT INTO "${table}" (${names}) VALUES ${valuesPlaceholders(batch.length, columns.length)}`, batch.flat());
  }
}
