// The five-step complaint procedure (seed 002): 1 set the atmosphere, 2 diagnose, 3 seek solutions,
// 4 reach agreement, 5 follow through. Each customer message advances, repeats or rewinds a step.

import { exceedsRefundCap, offersFor, type FactKey, type Offer } from '../policy.ts';
import { formatDateTime, formatMoney } from '../phrasebook.ts';
import { caseUpdate, type Decision, type Effect, type Reply } from './effects.ts';
import { escalate } from './escalation.ts';
import type { ComplaintState, Facts } from './state.ts';
import { normalise, type Turn } from './context.ts';

const MINUTE = 60_000;
const FREE_TEXT_LIMIT = 200;

/** Step 1: greet, thank, acknowledge the feeling in their words, apologise; then open diagnosis. */
export function startComplaint(turn: Turn): Decision {
  const { nlu, text } = turn.input;
  const complaint: ComplaintState = {
    caseId: turn.deps.newId(),
    step: 1,
    category: nlu.entities.category ?? 'other',
    emotion: nlu.emotion,
    facts: {},
    askedTimes: 0,
    confirming: false,
    correcting: false,
    offered: [],
    offeredLabels: [],
    evidence: [...(turn.input.attachments ?? [])],
    declined: [],
    offeredDue: {},
  };
  turn.state.complaint = complaint;
  collectFacts(turn, complaint, { firstMessage: true });
  if (describesProblem(text)) complaint.facts.problem = clip(text);
  const effects: Effect[] = [{ type: 'openCase', caseId: complaint.caseId, category: complaint.category, emotion: complaint.emotion }];
  const atmosphere = atmosphereReply(turn, complaint);
  const next = askNextOrRestate(turn, complaint);
  return withCase(turn, complaint, [atmosphere, ...next.replies], [...effects, ...next.effects]);
}

/** Steps 2–5 for a message inside an open complaint. */
export function continueComplaint(turn: Turn, complaint: ComplaintState): Decision {
  if (turn.input.attachments?.length) complaint.evidence.push(...turn.input.attachments);
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
  const ack = turn.t(`ack.${complaint.emotion}`, { topic });
  return { text: turn.join(turn.greeting(), turn.t('complaint.thanks'), ack, turn.t('complaint.apology')) };
}

// ---- step 2: diagnose -------------------------------------------------------------------------

function diagnose(turn: Turn, complaint: ComplaintState): Decision {
  complaint.step = 2;
  if (complaint.correcting) return chooseCorrection(turn, complaint);
  if (complaint.confirming) {
    const corrected = collectFacts(turn, complaint, { firstMessage: false });
    if (isYes(turn) && !corrected) return offerSolutions(turn, complaint);
    if (corrected) return withCase(turn, complaint, [restatement(turn, complaint)]);
    if (isNo(turn)) {
      complaint.confirming = false;
      complaint.correcting = true;
      return withCase(turn, complaint, [correctionQuestion(turn, complaint)]);
    }
    return withCase(turn, complaint, [{ text: turn.t('complaint.confirm_please') }, restatement(turn, complaint)]);
  }
  collectFacts(turn, complaint, { firstMessage: false });
  const next = askNextOrRestate(turn, complaint);
  return withCase(turn, complaint, next.replies, next.effects);
}

/** Takes facts from the message: rule entities always, free text for the fact being asked. */
function collectFacts(turn: Turn, complaint: ComplaintState, { firstMessage }: { firstMessage: boolean }): boolean {
  const { entities, intent } = turn.input.nlu;
  const text = turn.input.text.trim();
  const facts = complaint.facts;
  const before = JSON.stringify(facts);
  if (entities.category && complaint.category === 'other') complaint.category = entities.category;
  if (entities.orderNumbers?.[0]) facts.orderNumber = entities.orderNumbers[0];
  if (entities.want) facts.want = entities.want;
  if (entities.dates?.[0]) facts.date = entities.dates[0];
  const amount = entities.amounts?.[0];
  if (amount) facts.amount = `${amount.value}${amount.currency ? ` ${amount.currency}` : ''}`;
  const asking = complaint.asking;
  if (!firstMessage && asking && facts[asking] === undefined) {
    if (intent === 'deny' || /不知道|没有|忘了|don'?t (know|have)|no idea|not sure|forgot/i.test(text)) {
      facts[asking] = 'unknown';
    } else if (isFreeText(asking) && meaningful(text)) {
      facts[asking] = clip(text);
    }
  }
  return JSON.stringify(facts) !== before;
}

function askNextOrRestate(turn: Turn, complaint: ComplaintState): { replies: Reply[]; effects: Effect[] } {
  const missing = missingFact(turn, complaint);
  if (missing) {
    complaint.askedTimes = complaint.asking === missing ? complaint.askedTimes + 1 : 0;
    complaint.asking = missing;
    if (complaint.askedTimes >= 2) {
      complaint.facts[missing] = 'unknown';
      return askNextOrRestate(turn, complaint);
    }
    return { replies: [factQuestion(turn, complaint, missing)], effects: [] };
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
  if (fact === 'want') {
    const wants = ['refund', 'replacement', 'repair'] as const;
    return { text: turn.t(key), choices: wants.map((w) => turn.t(`want.${w}`)) };
  }
  return { text: turn.t(key) };
}

function restatement(turn: Turn, complaint: ComplaintState): Reply {
  const lines = turn.deps.policy.facts[complaint.category]
    .filter((key) => complaint.facts[key] !== undefined)
    .map((key) => `• ${turn.t(`fact.${key}`)}: ${factValue(turn, key, complaint.facts)}`);
  return {
    text: `${turn.t('complaint.restate')}\n${lines.join('\n')}\n${turn.t('complaint.restate_question')}`,
    choices: [turn.t('choice.yes_correct'), turn.t('choice.no_fix')],
  };
}

function factValue(turn: Turn, key: FactKey, facts: Facts): string {
  const value = facts[key] ?? '';
  if (value === 'unknown') return turn.t('fact.unknown');
  if (key === 'want' && ['refund', 'replacement', 'repair', 'apology', 'compensation'].includes(value)) return turn.t(`want.${value}`);
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
  const picked = index !== undefined ? keys[index - 1] : keys.find((key) => turn.deps.phrases.allLanguages(`fact.${key}`).some((l) => normalise(l) === text));
  complaint.correcting = false;
  if (picked) {
    delete complaint.facts[picked];
    complaint.asking = picked;
    complaint.askedTimes = 0;
    return withCase(turn, complaint, [factQuestion(turn, complaint, picked)]);
  }
  // The customer typed the correction itself: take whatever facts it carries.
  collectFacts(turn, complaint, { firstMessage: false });
  complaint.confirming = true;
  return withCase(turn, complaint, [restatement(turn, complaint)]);
}

// ---- step 3: seek solutions -------------------------------------------------------------------

function offerSolutions(turn: Turn, complaint: ComplaintState): Decision {
  complaint.step = 3;
  complaint.confirming = false;
  const offers = currentOffers(turn, complaint);
  complaint.offered = offers.map((o) => o.id);
  complaint.offeredLabels = offers.map((o) => offerLabel(turn, o));
  return withCase(turn, complaint, [optionsQuestion(turn, complaint)]);
}

function currentOffers(turn: Turn, complaint: ComplaintState): Offer[] {
  return offersFor(turn.deps.policy, complaint.category, turn.input.customer.tier, complaint.facts.want);
}

function optionsQuestion(turn: Turn, complaint: ComplaintState): Reply {
  return { text: turn.t('complaint.options'), choices: complaint.offeredLabels };
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

function offerLabel(turn: Turn, offer: Offer): string {
  return turn.deps.phrases.say(`option.${offer.kind}`, turn.language, offerVars(turn, offer), 0);
}

function offerVars(turn: Turn, offer: Offer): Record<string, string> {
  const currency = turn.deps.policy.currency;
  const vars: Record<string, string> = { due: formatDateTime(dueAt(turn, offer.dueMinutes), turn.language, turn.input.customer.timezone) };
  if (offer.amountCents !== undefined) vars.amount = formatMoney(offer.amountCents, currency, turn.language);
  if (offer.refundCapCents !== undefined) vars.cap = formatMoney(offer.refundCapCents, currency, turn.language);
  return vars;
}

function seekSolution(turn: Turn, complaint: ComplaintState): Decision {
  const offers = offeredOffers(turn, complaint);
  const chosen = pickOffer(turn, offers, complaint.offeredLabels);
  if (chosen) {
    const requested = requestedCents(turn);
    if (exceedsRefundCap(chosen, requested)) {
      return withCase(turn, complaint, [{ text: turn.t('complaint.over_cap', offerVars(turn, chosen)) }, optionsQuestion(turn, complaint)]);
    }
    complaint.step = 4;
    complaint.chosen = chosen.id;
    // The amount is the one asked for when choosing a refund; what the agreeing message says does not count.
    if (chosen.kind === 'refund' && requested !== undefined) complaint.requestedCents = requested;
    else delete complaint.requestedCents;
    return withCase(turn, complaint, [agreementQuestion(turn, complaint, chosen)]);
  }
  if (isNo(turn)) return escalate(turn, 'no_agreement', [{ text: turn.t('complaint.no_option_fits') }]);
  return withCase(turn, complaint, [{ text: turn.t('complaint.pick_option') }, optionsQuestion(turn, complaint)]);
}

/** The offer the customer picked: by button label, number, or by naming what they want. */
function pickOffer(turn: Turn, offers: Offer[], labels: string[]): Offer | undefined {
  const index = turn.input.nlu.entities.choiceIndex;
  if (index !== undefined) return offers[index - 1];
  const text = normalise(turn.input.text);
  const labelIndex = labels.findIndex((label) => normalise(label) === text);
  if (labelIndex >= 0) return offers[labelIndex];
  const want = turn.input.nlu.entities.want;
  if (!want) return undefined;
  const kinds = turn.deps.policy.wantsToKinds[want];
  return offers.find((o) => kinds.includes(o.kind));
}

function requestedCents(turn: Turn): number | undefined {
  const amount = turn.input.nlu.entities.amounts?.[0];
  return amount ? Math.round(amount.value * 100) : undefined;
}

// ---- step 4: reach agreement; step 5: follow through ------------------------------------------

function agreementQuestion(turn: Turn, complaint: ComplaintState, offer: Offer): Reply {
  const callback = formatDateTime(callbackAt(turn), turn.language, turn.input.customer.timezone);
  return {
    text: turn.t('complaint.agreement', { solution: offerLabel(turn, offer), callback }),
    choices: [turn.t('choice.agree'), turn.t('choice.disagree')],
  };
}

function reachAgreement(turn: Turn, complaint: ComplaintState): Decision {
  if (!complaint.chosen) return offerSolutions(turn, complaint);
  const offer = offerById(turn, complaint, complaint.chosen);
  if (isYes(turn)) return followThrough(turn, complaint, offer);
  if (isNo(turn)) return escalate(turn, 'no_agreement', [{ text: turn.t('complaint.sorry_no_agreement') }]);
  return withCase(turn, complaint, [{ text: turn.t('complaint.confirm_please') }, agreementQuestion(turn, complaint, offer)]);
}

function followThrough(turn: Turn, complaint: ComplaintState, offer: Offer): Decision {
  complaint.step = 5;
  const { policy, newId } = turn.deps;
  const commitmentDue = dueAt(turn, offer.dueMinutes);
  const callback = callbackAt(turn);
  const revisit = new Date(commitmentDue.getTime() + policy.revisitDelayMinutes * MINUTE);
  const commitmentId = newId();
  const description = turn.deps.phrases.say(`option.${offer.kind}`, 'en', offerVars(turn, offer), 0);
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
    solution: offerLabel(turn, offer),
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
    return withCase(turn, complaint, [{ text: turn.t('complaint.went_back') }, optionsQuestion(turn, complaint)]);
  }
  if (complaint.step === 3) {
    complaint.step = 2;
    complaint.confirming = true;
    return withCase(turn, complaint, [{ text: turn.t('complaint.went_back') }, restatement(turn, complaint)]);
  }
  complaint.confirming = false;
  complaint.correcting = true;
  return withCase(turn, complaint, [{ text: turn.t('complaint.went_back') }, correctionQuestion(turn, complaint)]);
}

function withCase(turn: Turn, complaint: ComplaintState, replies: Reply[], effects: Effect[] = []): Decision {
  return {
    replies,
    effects: [...effects, { type: 'updateCase', update: caseUpdate(complaint) }],
    contact: { kind: 'complaint', summary: complaintSummary(complaint), outcome: 'in_progress' },
  };
}

function complaintSummary(complaint: ComplaintState, agreed?: string): string {
  const facts = Object.entries(complaint.facts).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${complaint.category} complaint (${complaint.emotion}), step ${complaint.step}${facts ? `: ${facts}` : ''}${agreed ? `; agreed: ${agreed}` : ''}`;
}

/** Words of someone not yet decided: "I'm still thinking", "我再考虑一下" is not a yes. */
const HEDGE = /考虑|想想|想一想|再说|不确定|不一定|没想好|犹豫|再看看|not sure|unsure|think(ing)? (it )?(over|about)|considering|maybe|perhaps|not yet/i;

function isYes(turn: Turn): boolean {
  if (turn.isLabel('choice.yes_correct') || turn.isLabel('choice.agree')) return true;
  return turn.input.nlu.intent === 'affirm' && !HEDGE.test(turn.input.text);
}

function isNo(turn: Turn): boolean {
  return turn.input.nlu.intent === 'deny' || turn.isLabel('choice.no_fix') || turn.isLabel('choice.disagree');
}

function dueAt(turn: Turn, minutes: number): Date {
  return new Date(turn.deps.now.getTime() + minutes * MINUTE);
}

function callbackAt(turn: Turn): Date {
  return dueAt(turn, turn.deps.policy.callbackMinutes[turn.input.customer.tier]);
}

function isFreeText(fact: FactKey): boolean {
  return fact === 'product' || fact === 'problem' || fact === 'want' || fact === 'date';
}

/** More than a word or two: worth keeping as a description. */
function meaningful(text: string): boolean {
  const trimmed = text.trim();
  return /\p{Script=Han}/u.test(trimmed) ? trimmed.length >= 2 : trimmed.length >= 3;
}

/** Long enough to be the story itself, not just "I want to complain". */
function describesProblem(text: string): boolean {
  const trimmed = text.trim();
  return /\p{Script=Han}/u.test(trimmed) ? trimmed.length >= 8 : trimmed.split(/\s+/).length >= 5;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > FREE_TEXT_LIMIT ? `${oneLine.slice(0, FREE_TEXT_LIMIT - 1)}…` : oneLine;
}
