// The five-step complaint procedure (seed 002): 1 set the atmosphere, 2 diagnose, 3 seek solutions,
// 4 reach agreement, 5 follow through. Each customer message advances, repeats or rewinds a step.

import { complaintKeywords } from '../crisis/complaint-keywords.ts';
import { exceedsRefundCap, offersFor, type FactKey, type Offer } from '../policy.ts';
import { WANTS, type Want } from '../types.ts';
import { collectFacts, describesProblem, summarizeProblem } from './facts.ts';
import { fitsWithin } from '../nlu/message-length.ts';
import { formatDateTime, formatMoney } from '../phrasebook.ts';
import { caseUpdate, type Decision, type Effect, type Reply } from './effects.ts';
import { escalate } from './escalation.ts';
import { describeOrder, forgetOrder } from './order-on-file.ts';
import { describeStaffHours } from './staff-hours-text.ts';
import type { ComplaintState } from './state.ts';
import { normalise, type Turn } from './context.ts';

const MINUTE = 60_000;

/** Step 1: greet, thank, acknowledge the feeling in their words, apologise; then open diagnosis. */
export function startComplaint(turn: Turn): Decision {
  const { nlu } = turn.input;
  const complaint: ComplaintState = {
    caseId: turn.deps.newId(),
    step: 1,
    category: nlu.entities.category ?? 'other',
    emotion: turn.state.feeling ?? nlu.emotion,
    facts: {},
    askedTimes: 0,
    confirming: false,
    correcting: false,
    offered: [],
    offeredLabels: [],
    evidence: [...(turn.input.attachments ?? [])],
    declined: [],
    declinedLabels: [],
    offeredDue: {},
    productIsBrand: false,
  };
  turn.state.complaint = complaint;
  collectFacts(turn, complaint, { firstMessage: true });
  const keywords = complaintKeywords(turn.input.text, nlu.language);
  const effects: Effect[] = [{ type: 'openCase', caseId: complaint.caseId, category: complaint.category, emotion: complaint.emotion, ...(keywords.length ? { keywords } : {}) }];
  const atmosphere = atmosphereReply(turn, complaint);
  const next = askNextOrRestate(turn, complaint);
  return withCase(turn, complaint, [atmosphere, ...next.replies], [...effects, ...next.effects]);
}

/** Steps 2–5 for a message inside an open complaint. */
export function continueComplaint(turn: Turn, complaint: ComplaintState): Decision {
  if (turn.input.attachments?.length) complaint.evidence.push(...turn.input.attachments);
  // The case keeps the strongest feeling the customer has written.
  if (turn.state.feeling) complaint.emotion = turn.state.feeling;
  if (turn.input.nlu.entities.goBack) return goBack(turn, complaint);
  if (complaint.step <= 2) return diagnose(turn, complaint);
  if (complaint.step === 3) return seekSolution(turn, complaint);
  return reachAgreement(turn, complaint);
}

/** The question the complaint is waiting on, to re-ask after a side question or a long silence. */
export function pendingQuestion(turn: Turn, complaint: ComplaintState): Reply {
  if (complaint.step === 4 && complaint.chosen) return agreementQuestion(turn, complaint, offerById(turn, complaint, complaint.chosen));
  if (complaint.step === 3) return optionsQuestion(turn, complaint);
  if (complaint.confirming) return restatement(turn, complaint);
  if (complaint.asking) return factQuestion(turn, complaint, complaint.asking);
  return { text: turn.t('complaint.tell_more') };
}

function atmosphereReply(turn: Turn, complaint: ComplaintState): Reply {
  const topic = turn.t(`topic.${complaint.category}`);
  // Harm is acknowledged as harm, not as feeling wronged.
  const ack = turn.t(turn.input.nlu.entities.safety ? 'ack.safety' : `ack.${complaint.emotion}`, { topic });
  return { text: turn.join(turn.greeting(), turn.t('complaint.thanks'), ack, turn.t('complaint.apology')) };
}

// ---- step 2: diagnose -------------------------------------------------------------------------

function diagnose(turn: Turn, complaint: ComplaintState): Decision {
  complaint.step = 2;
  if (complaint.correcting) return chooseCorrection(turn, complaint);
  if (complaint.confirming) return confirmFacts(turn, complaint);
  const { unfit } = collectFacts(turn, complaint, { firstMessage: false });
  const next = askNextOrRestate(turn, complaint, unfit);
  return withCase(turn, complaint, next.replies, next.effects);
}

/** At the restatement: yes goes on; new or corrected facts are restated; no asks what to fix. */
function confirmFacts(turn: Turn, complaint: ComplaintState): Decision {
  const { changed, repeated } = collectFacts(turn, complaint, { firstMessage: false });
  if (changed) return withCase(turn, complaint, [restatement(turn, complaint, 'complaint.restate_updated')]);
  // Saying a fact again as it stands ("refund", "维修") confirms it.
  if (isYes(turn) || (repeated && !isNo(turn))) return offerSolutions(turn, complaint);
  if (isNo(turn)) {
    complaint.confirming = false;
    complaint.correcting = true;
    return withCase(turn, complaint, [correctionQuestion(turn, complaint)]);
  }
  // More of the story ("it also smells of burning") is added to what happened, then restated.
  const text = turn.input.text.trim();
  if (turn.wrote && !turn.asks && (describesProblem(text) || turn.input.nlu.entities.fault)) {
    const addition = summarizeProblem(text);
    const current = complaint.facts.problem;
    complaint.facts.problem = current && current !== 'unknown' ? turn.list([current, addition]) : addition;
    return withCase(turn, complaint, [restatement(turn, complaint, 'complaint.restate_updated')]);
  }
  return withCase(turn, complaint, [restatement(turn, complaint, 'complaint.confirm_please')]);
}

/** Asks for the next missing fact (in other words when the last answer did not fit), or restates. */
function askNextOrRestate(turn: Turn, complaint: ComplaintState, unfit = false): { replies: Reply[]; effects: Effect[] } {
  const missing = missingFact(turn, complaint);
  if (missing) {
    complaint.askedTimes = complaint.asking === missing ? complaint.askedTimes + 1 : 0;
    complaint.asking = missing;
    // Asked twice more without an answer that fits: carry on with "not known".
    if (complaint.askedTimes > 2) {
      complaint.facts[missing] = 'unknown';
      return askNextOrRestate(turn, complaint);
    }
    const question = factQuestion(turn, complaint, missing);
    return { replies: [unfit && complaint.askedTimes > 0 ? { ...question, text: turn.join(turn.t('complaint.did_not_fit'), question.text) } : question], effects: [] };
  }
  delete complaint.asking;
  complaint.confirming = true;
  return { replies: [restatement(turn, complaint)], effects: [] };
}

function missingFact(turn: Turn, complaint: ComplaintState): FactKey | undefined {
  return turn.deps.policy.facts[complaint.category].find((key) => complaint.facts[key] === undefined);
}

function factQuestion(turn: Turn, complaint: ComplaintState, fact: FactKey): Reply {
  const key = fact === 'problem' && complaint.step <= 2 ? 'ask.problem' : `ask.${fact}`;
  const text = turn.t(key, {}, complaint.askedTimes);
  if (fact === 'want') return { text, choices: wantsFor(turn, complaint).map((w) => turn.t(`want.${w}`)) };
  return { text };
}

/** The wishes worth offering as buttons: those the category's options can meet (no repair for a parcel). */
function wantsFor(turn: Turn, complaint: ComplaintState): Want[] {
  const kinds = new Set(turn.deps.policy.options[complaint.category].map((o) => o.kind));
  const order: Want[] = ['refund', 'replacement', 'repair', 'compensation', 'apology'];
  return order.filter((w) => turn.deps.policy.wantsToKinds[w].some((k) => kinds.has(k))).slice(0, 3);
}

function restatement(turn: Turn, complaint: ComplaintState, lead?: string): Reply {
  const lines = turn.deps.policy.facts[complaint.category]
    .filter((key) => complaint.facts[key] !== undefined)
    .map((key) => `• ${turn.t(`fact.${key}`)}${turn.language === 'zh' ? '：' : ': '}${factValue(turn, key, complaint)}`);
  const intro = lead ? turn.join(turn.t(lead), turn.t('complaint.restate')) : turn.t('complaint.restate');
  return {
    text: `${intro}\n${lines.join('\n')}\n${turn.t('complaint.restate_question')}`,
    choices: [turn.t('choice.yes_correct'), turn.t('choice.no_fix')],
  };
}

function factValue(turn: Turn, key: FactKey, complaint: ComplaintState): string {
  const value = complaint.facts[key] ?? '';
  if (value === 'unknown') return turn.t('fact.unknown');
  // The customer's own order on file is said back with what they bought, when and for how much.
  if (key === 'orderNumber' && complaint.order) {
    const { order } = complaint;
    return turn.t('fact.order_on_file', { number: order.number, details: describeOrder(order, turn.language, turn.input.customer.timezone, turn.deps.now) });
  }
  if (key === 'want' && (WANTS as readonly string[]).includes(value)) return turn.t(`want.${value}`);
  return value;
}

function correctionQuestion(turn: Turn, complaint: ComplaintState): Reply {
  return {
    text: turn.t('complaint.which_wrong'),
    choices: turn.deps.policy.facts[complaint.category].map((key) => turn.t(`fact.${key}`)),
  };
}

function chooseCorrection(turn: Turn, complaint: ComplaintState): Decision {
  const keys = turn.deps.policy.facts[complaint.category];
  const index = turn.input.nlu.entities.choiceIndex;
  const text = normalise(turn.input.text);
  const picked = index !== undefined && index > 0 ? keys[index - 1] : keys.find((key) => turn.deps.phrases.allLanguages(`fact.${key}`).some((l) => normalise(l) === text));
  complaint.correcting = false;
  if (picked) {
    delete complaint.facts[picked];
    if (picked === 'orderNumber') forgetOrder(complaint);
    complaint.asking = picked;
    complaint.askedTimes = 0;
    return withCase(turn, complaint, [factQuestion(turn, complaint, picked)]);
  }
  // The customer typed the correction itself: take whatever facts it carries.
  collectFacts(turn, complaint, { firstMessage: false });
  complaint.confirming = true;
  return withCase(turn, complaint, [restatement(turn, complaint, 'complaint.restate_updated')]);
}

// ---- step 3: seek solutions -------------------------------------------------------------------

function offerSolutions(turn: Turn, complaint: ComplaintState, only?: string[]): Decision {
  complaint.step = 3;
  complaint.confirming = false;
  const offers = currentOffers(turn, complaint).filter((o) => !only || only.includes(o.id));
  complaint.offered = offers.map((o) => o.id);
  complaint.offeredDue = Object.fromEntries(offers.map((o) => [o.id, turn.promisedTime(o.dueMinutes).toISOString()]));
  complaint.offeredLabels = offers.map((o) => offerLabel(turn, complaint, o));
  const question = only ? { text: turn.t('complaint.other_options'), choices: complaint.offeredLabels } : optionsQuestion(turn, complaint);
  return withCase(turn, complaint, [question]);
}

function currentOffers(turn: Turn, complaint: ComplaintState): Offer[] {
  return offersFor(turn.deps.policy, complaint.category, turn.input.customer.tier, complaint.facts.want);
}

function optionsQuestion(turn: Turn, complaint: ComplaintState, lead?: string): Reply {
  return { text: lead ? turn.join(turn.t(lead), turn.t('complaint.options')) : turn.t('complaint.options'), choices: complaint.offeredLabels };
}

function offeredOffers(turn: Turn, complaint: ComplaintState): Offer[] {
  const all = currentOffers(turn, complaint);
  return complaint.offered.flatMap((id) => all.find((o) => o.id === id) ?? []);
}

function offerById(turn: Turn, complaint: ComplaintState, id: string): Offer {
  const offer = currentOffers(turn, complaint).find((o) => o.id === id);
  if (!offer) throw new Error(`policy has no option "${id}" for ${complaint.category}`);
  return offer;
}

function offerLabel(turn: Turn, complaint: ComplaintState, offer: Offer, language = turn.language): string {
  return turn.deps.phrases.say(`option.${offer.kind}`, language, offerVars(turn, complaint, offer, language), 0);
}

/** The offer's amounts and its due time, the one fixed when it was offered. */
function offerVars(turn: Turn, complaint: ComplaintState, offer: Offer, language = turn.language): Record<string, string> {
  const currency = turn.deps.policy.currency;
  const due = complaint.offeredDue[offer.id];
  const vars: Record<string, string> = { due: formatDateTime(due ? new Date(due) : turn.promisedTime(offer.dueMinutes), language, turn.input.customer.timezone) };
  if (offer.amountCents !== undefined) vars.amount = formatMoney(offer.amountCents, currency, language);
  if (offer.refundCapCents !== undefined) vars.cap = formatMoney(offer.refundCapCents, currency, language);
  return vars;
}

function seekSolution(turn: Turn, complaint: ComplaintState): Decision {
  const offers = offeredOffers(turn, complaint);
  const chosen = pickOffer(turn, offers, complaint.offeredLabels);
  if (chosen) return choose(turn, complaint, chosen);
  if (isNo(turn)) return escalate(turn, 'no_agreement', [{ text: turn.t('complaint.no_option_fits') }]);
  // Nothing fits: say so and show the options again, in other words than last time.
  return withCase(turn, complaint, [{ text: turn.t('complaint.pick_option'), choices: complaint.offeredLabels }]);
}

/** The customer chose an option: within the cap, it waits for their agreement (step 4). */
function choose(turn: Turn, complaint: ComplaintState, chosen: Offer): Decision {
  const requested = requestedCents(turn);
  if (exceedsRefundCap(chosen, requested)) {
    return withCase(turn, complaint, [{ text: turn.t('complaint.over_cap', offerVars(turn, complaint, chosen)), choices: complaint.offeredLabels }]);
  }
  complaint.step = 4;
  complaint.chosen = chosen.id;
  // The amount is the one asked for when choosing a refund; what the agreeing message says does not count.
  if (chosen.kind === 'refund' && requested !== undefined) complaint.requestedCents = requested;
  else delete complaint.requestedCents;
  return withCase(turn, complaint, [agreementQuestion(turn, complaint, chosen)]);
}

/**
 * The offer the customer picked: by number or position, by button label or a part of it, or by
 * naming its kind ("the voucher I guess", "维修就行"). A named kind never becomes another kind.
 */
function pickOffer(turn: Turn, offers: Offer[], labels: string[]): Offer | undefined {
  const { choiceIndex, optionKinds } = turn.input.nlu.entities;
  if (choiceIndex !== undefined) return choiceIndex < 0 ? offers.at(-1) : offers[choiceIndex - 1];
  const text = normalise(turn.input.text);
  const exact = labels.findIndex((label) => normalise(label) === text);
  if (exact >= 0) return offers[exact];
  // A part of one label ("free repair", "免费维修"): only when it is in exactly one of them.
  const containing = text.length >= (/\p{Script=Han}/u.test(text) ? 2 : 4) ? labels.flatMap((label, i) => (normalise(label).includes(text) ? [i] : [])) : [];
  if (containing.length === 1) return offers[containing[0]!];
  if (optionKinds?.length) {
    const named = offers.filter((o) => optionKinds.includes(o.kind));
    if (named.length === 1) return named[0];
    // "Reship" and "a new one" both name a replacement of the parcel: either kind matches its one offer.
    if (named.length === 0 && optionKinds.includes('replacement')) return offers.find((o) => o.kind === 'reship');
    if (named.length === 0 && optionKinds.includes('reship')) return offers.find((o) => o.kind === 'replacement');
    return undefined;
  }
  const want = turn.input.nlu.entities.want;
  if (!want) return undefined;
  const kinds = turn.deps.policy.wantsToKinds[want];
  const matching = offers.filter((o) => kinds.includes(o.kind));
  return matching.length === 1 ? matching[0] : undefined;
}

function requestedCents(turn: Turn): number | undefined {
  const amount = turn.input.nlu.entities.amounts?.[0];
  return amount ? Math.round(amount.value * 100) : undefined;
}

// ---- step 4: reach agreement; step 5: follow through ------------------------------------------

function agreementQuestion(turn: Turn, complaint: ComplaintState, offer: Offer, lead?: string): Reply {
  complaint.callbackDue ??= staffedCallback(turn).toISOString();
  const callback = formatDateTime(new Date(complaint.callbackDue), turn.language, turn.input.customer.timezone);
  const text = turn.join(turn.t('complaint.agreement', { solution: offerLabel(turn, complaint, offer), callback }), callbackNote(turn, complaint));
  return { text: lead ? turn.join(turn.t(lead), text) : text, choices: [turn.t('choice.agree'), turn.t('choice.disagree')] };
}

function reachAgreement(turn: Turn, complaint: ComplaintState): Decision {
  if (!complaint.chosen) return offerSolutions(turn, complaint);
  const offer = offerById(turn, complaint, complaint.chosen);
  // Another option named now ("actually, a new one instead", "嗯…还是退款吧") is a new choice, not a yes.
  const other = turn.isChoiceReply ? undefined : pickOffer(turn, offeredOffers(turn, complaint), complaint.offeredLabels);
  if (other && other.id !== offer.id) return choose(turn, complaint, other);
  if (isYes(turn)) return followThrough(turn, complaint, offer);
  if (isNo(turn)) {
    complaint.declined.push(offer.id);
    complaint.declinedLabels.push(complaint.offeredLabels[complaint.offered.indexOf(offer.id)] ?? offer.id);
    delete complaint.chosen;
    const remaining = complaint.offered.filter((id) => !complaint.declined.includes(id));
    // "No" once: the options not yet turned down, once. Then a person looks for another way.
    if (complaint.declined.length === 1 && remaining.length > 0) return offerSolutions(turn, complaint, remaining);
    return escalate(turn, 'no_agreement', [{ text: turn.t('complaint.sorry_no_agreement') }]);
  }
  return withCase(turn, complaint, [agreementQuestion(turn, complaint, offer, 'complaint.confirm_agreement')]);
}

/** The callback of step 4: the tier's promised minutes from now, moved to the next opening when nobody works then. */
function staffedCallback(turn: Turn): Date {
  const promised = turn.promisedTime(turn.deps.policy.callbackMinutes[turn.input.customer.tier]);
  return turn.staffedTime(promised).at;
}

/** Says why the callback is when it is, when it was moved to the next opening (so it never falls due when nobody works). */
function callbackNote(turn: Turn, complaint: ComplaintState): string {
  const promised = turn.promisedTime(turn.deps.policy.callbackMinutes[turn.input.customer.tier]);
  const due = complaint.callbackDue ? new Date(complaint.callbackDue) : promised;
  return due.getTime() > promised.getTime() && turn.staffedTime(promised).moved ? turn.t('promise.moved_to_staff_hours', { hours: describeStaffHours(turn) }) : '';
}

function followThrough(turn: Turn, complaint: ComplaintState, offer: Offer): Decision {
  complaint.step = 5;
  const { policy, newId } = turn.deps;
  // The times the customer was told, not recomputed a minute later.
  const offeredDue = complaint.offeredDue[offer.id];
  const commitmentDue = offeredDue ? new Date(offeredDue) : turn.promisedTime(offer.dueMinutes);
  const callback = complaint.callbackDue ? new Date(complaint.callbackDue) : staffedCallback(turn);
  const revisit = new Date(commitmentDue.getTime() + policy.revisitDelayMinutes * MINUTE);
  const commitmentId = newId();
  const description = offerLabel(turn, complaint, offer, 'en');
  const amountCents = offer.amountCents ?? (offer.kind === 'refund' ? complaint.requestedCents : undefined);
  const effects: Effect[] = [
    {
      type: 'recordCommitment',
      commitment: {
        id: commitmentId,
        caseId: complaint.caseId,
        kind: offer.kind,
        ...(amountCents !== undefined ? { amountCents } : {}),
        currency: policy.currency,
        description,
        dueAt: commitmentDue,
      },
      followUps: [
        { id: newId(), kind: 'callback', dueAt: callback, dedupeKey: `callback:${commitmentId}`, caseId: complaint.caseId, commitmentId },
        { id: newId(), kind: 'revisit', dueAt: revisit, dedupeKey: `revisit:${commitmentId}`, caseId: complaint.caseId, commitmentId },
      ],
    },
    { type: 'updateCase', update: { ...caseUpdate(complaint), status: 'agreed', agreedSolution: description } },
  ];
  const tz = turn.input.customer.timezone;
  const text = turn.t('complaint.follow_through', {
    reference: complaint.caseId.slice(0, 8).toUpperCase(),
    solution: offerLabel(turn, complaint, offer),
    callback: formatDateTime(callback, turn.language, tz),
  });
  delete turn.state.complaint;
  return { replies: [{ text }], effects, contact: { kind: 'complaint', summary: complaintSummary(complaint, description), outcome: 'commitment' } };
}

// ---- shared -----------------------------------------------------------------------------------

function goBack(turn: Turn, complaint: ComplaintState): Decision {
  if (complaint.step === 4) {
    complaint.step = 3;
    delete complaint.chosen;
    return withCase(turn, complaint, [optionsQuestion(turn, complaint, 'complaint.went_back')]);
  }
  if (complaint.step === 3) {
    complaint.step = 2;
    complaint.confirming = true;
    return withCase(turn, complaint, [restatement(turn, complaint, 'complaint.went_back')]);
  }
  complaint.confirming = false;
  complaint.correcting = true;
  const question = correctionQuestion(turn, complaint);
  return withCase(turn, complaint, [{ ...question, text: turn.join(turn.t('complaint.went_back'), question.text) }]);
}

function withCase(turn: Turn, complaint: ComplaintState, replies: Reply[], effects: Effect[] = []): Decision {
  return {
    replies,
    effects: [...effects, { type: 'updateCase', update: caseUpdate(complaint) }],
    contact: { kind: 'complaint', summary: complaintSummary(complaint), outcome: 'in_progress' },
  };
}

function complaintSummary(complaint: ComplaintState, agreed?: string): string {
  const facts = Object.entries(complaint.facts)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${complaint.category} complaint (${complaint.emotion}), step ${complaint.step}${facts ? `: ${facts}` : ''}${agreed ? `; agreed: ${agreed}` : ''}`;
}

/** Words of someone not yet decided: "I'm still thinking", "我再考虑一下" is not a yes. */
const HEDGE = /考虑|想想|想一想|再说|不确定|不一定|没想好|犹豫|再看看|not sure|unsure|think(ing)? (it )?(over|about)|considering|maybe|perhaps|not yet/i;
/** A yes in so many words at the start of the message ("yes all good now", "对没错", "嗯 对"), as a word of its own (not 好像, 对了, 行李). */
const YES_WORDS =
  /^(?:(?:ok|okay|so|well|um+|hm+|嗯+|哦|噢)[\s,，.。!！]*)?(yes|yeah|yep|yup|ya|yea|correct|right|exactly|all (good|correct|right)|looks (good|right|correct)|that'?s (right|correct|it)|sounds good|agreed|sure|fine|ok|okay|no problem|no worries|go ahead|deal|let'?s do (it|that)|do it|没错|对的|对啊|对呀|对|是的|是|好的|好|行|可以|没问题|同意|准确)(?=$|[\s,，.。!！~～…]|[啊呀的吧哈嗯呢]|没错|同意)/i;
/** A no in so many words at the start ("no", "nope", "不对", "不行"); "no problem" and "no worries" are not. */
const NO_WORDS =
  /^(?:(?:um+|hm+|嗯+|哦)[\s,，.。]*)?(no(?! (problem|worries|doubt|rush))|nope|nah|not right|not correct|wrong|that'?s (wrong|not right)|不对|不是|不行|不同意|不要|错了|不正确|不太对)(?![a-z])/i;
/** "None of those", "都不行": every option turned down at once. */
const NONE_FITS = /none of (these|those|them|the options)|neither|nothing (here|there) works|都不(行|要|好|满意|合适|可以)|都不是|哪个都不|一个都不/i;

function isYes(turn: Turn): boolean {
  if (turn.isLabel('choice.yes_correct') || turn.isLabel('choice.agree')) return true;
  // "同意吗？", "is that the refund?": a question is not agreement; "not sure yet" is not a no either.
  const text = turn.input.text.trim();
  if (HEDGE.test(text) || isNo(turn) || turn.asks) return false;
  const yes = YES_WORDS.exec(text);
  // A yes that goes on to tell more ("right, and the lid is cracked too") is more of the story.
  if (yes && restOf(text, yes[0]).length <= (/\p{Script=Han}/u.test(text) ? 6 : 14)) return true;
  // The classifier's "affirm" counts for a short answer only ("yup yup", "嗯嗯好滴").
  return turn.input.nlu.intent === 'affirm' && !yes && fitsWithin(text, { chars: 5, words: 3 });
}

/** What follows the yes, without words that only confirm it ("that's all correct", "没错"). */
function restOf(text: string, start: string): string {
  return text
    .slice(start.length)
    .replace(CONFIRMING, ' ')
    .replace(/[\s,，.。!！~～…]+/gu, ' ')
    .trim();
}

const CONFIRMING =
  /\b(that'?s|thats|it'?s|its|is|all|correct|right|good|fine|ok|okay|now|yes|yeah|sure|perfect|great|thanks?|thank you|please|exactly)\b|没错|对的|对|正确|是的|可以|好的|谢谢|没问题/gi;

/** A no: the button, the words, or a short message read as a denial (a long one tells more of the story). */
function isNo(turn: Turn): boolean {
  if (turn.isLabel('choice.no_fix') || turn.isLabel('choice.disagree')) return true;
  const text = turn.input.text.trim();
  if (HEDGE.test(text) || YES_WORDS.test(text)) return false;
  if (NO_WORDS.test(text) || NONE_FITS.test(text)) return true;
  return turn.input.nlu.intent === 'deny' && fitsWithin(text, { chars: 6, words: 4 });
}
