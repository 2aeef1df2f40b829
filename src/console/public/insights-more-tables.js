// @ts-check
// The tables of the Insights charts added after the first ones: the revisit survey over time (the
// score and the satisfaction ratio per day, bot and people apart in the summary), the rating asked
// after a chat (per day, bot and people apart; per agent), the customers' tier and lifecycle mix,
// and the knowledge gaps. Same shape and rules as insights-tables.js (raw API values in the cells, labels through
// `words`), so the chart, its text alternative and its CSV agree. Pure: no DOM.

/** @typedef {import('./insights-tables.js').ChartTable} ChartTable */
/** @typedef {import('./insights-tables.js').Words} Words */

/** @typedef {{ responses: number, average: number | null, satisfiedShare?: number | null }} Ratings */

const TIERS = ['A', 'B', 'C'];

/** @typedef {{ responses: number, average: number | null, satisfiedShare: number | null, ratioAverage: number | null }} Surveys */

/** Per day: the revisit surveys answered, their average score and satisfaction ratio. @returns {ChartTable} */
export function surveyTrendTable(
  /** @type {Surveys & { bot: Surveys, people: Surveys, byDay: { day: string, responses: number, average: number | null, ratioAverage: number | null }[] }} */ csat,
  /** @type {Words} */ { t, format },
) {
  const empty = csat.responses === 0;
  return {
    columns: [
      { label: t('insights.col.day'), format: 'day' },
      { label: t('insights.m.responses'), format: 'count' },
      { label: t('insights.col.average'), format: 'score' },
      { label: t('insights.m.ratio'), format: 'score' },
    ],
    rows: csat.byDay.map((d) => [d.day, d.responses, d.average, d.ratioAverage]),
    empty,
    emptyKey: 'insights.empty.csat',
    summary: empty
      ? t('insights.empty.csat')
      : t('insights.summary.surveyTrend', {
          bot: format(csat.bot.responses, 'count'),
          botRatio: format(csat.bot.ratioAverage, 'score'),
          people: format(csat.people.responses, 'count'),
          peopleRatio: format(csat.people.ratioAverage, 'score'),
        }),
  };
}

/** Per day: the bot's ratings and average, then people's. @returns {ChartTable} */
export function chatCsatTable(/** @type {{ bot: Ratings, people: Ratings, byDay: { day: string, bot: Ratings, people: Ratings }[] }} */ chatCsat, /** @type {Words} */ { t, format }) {
  const { bot, people } = chatCsat;
  const empty = bot.responses + people.responses === 0;
  return {
    columns: [
      { label: t('insights.col.day'), format: 'day' },
      { label: t('insights.col.botRatings'), format: 'count' },
      { label: t('insights.col.botAverage'), format: 'score' },
      { label: t('insights.col.peopleRatings'), format: 'count' },
      { label: t('insights.col.peopleAverage'), format: 'score' },
    ],
    rows: chatCsat.byDay.map((d) => [d.day, d.bot.responses, d.bot.average, d.people.responses, d.people.average]),
    empty,
    emptyKey: 'insights.empty.chatCsat',
    summary: empty
      ? t('insights.empty.chatCsat')
      : t('insights.summary.chatCsat', {
          bot: format(bot.responses, 'count'),
          botAverage: format(bot.average, 'score'),
          botSatisfied: format(bot.satisfiedShare ?? null, 'share'),
          people: format(people.responses, 'count'),
          peopleAverage: format(people.average, 'score'),
          peopleSatisfied: format(people.satisfiedShare ?? null, 'share'),
        }),
  };
}

/** Per staff member who served: ratings, average, share satisfied; most ratings first. @returns {ChartTable} */
export function chatCsatAgentsTable(
  /** @type {{ byAgent: { staffId: string, name: string | null, responses: number, average: number | null, satisfiedShare: number | null }[] }} */ chatCsat,
  /** @type {Words} */ { t, format },
) {
  const rows = chatCsat.byAgent.map((a) => [a.name ?? a.staffId, a.responses, a.average, a.satisfiedShare]);
  return {
    columns: [
      { label: t('insights.col.agent'), format: 'text' },
      { label: t('insights.col.ratings'), format: 'count' },
      { label: t('insights.col.average'), format: 'score' },
      { label: t('insights.m.satisfied'), format: 'share' },
    ],
    rows,
    empty: rows.length === 0,
    emptyKey: 'insights.empty.chatCsatAgents',
    summary:
      rows.length === 0
        ? t('insights.empty.chatCsatAgents')
        : rows
            .map(([name, n, average]) => t('insights.summary.agent', { name: String(name), average: format(average ?? null, 'score'), n: format(n ?? null, 'count') }))
            .join(t('insights.summary.separator')),
  };
}

/** Customers per tier (A, B, C), named. @returns {ChartTable} */
export function tierMixTable(/** @type {{ customers: number, byTier: { tier: string, count: number }[] }} */ mix, /** @type {Words} */ words) {
  const rows = mix.byTier.map((b) => [TIERS.includes(b.tier) ? words.t(`insights.tier.${b.tier}`) : b.tier, b.count]);
  return countTable(rows, mix.customers, { label: 'insights.col.tier', emptyKey: 'insights.empty.customers' }, words);
}

/** Customers per lifecycle stage, in the stages' order, named. @returns {ChartTable} */
export function lifecycleMixTable(/** @type {{ customers: number, byLifecycle: { stage: string, count: number }[] }} */ mix, /** @type {Words} */ words) {
  const rows = mix.byLifecycle.map((b) => [words.label('lifecycle', b.stage), b.count]);
  return countTable(rows, mix.customers, { label: 'insights.col.stage', emptyKey: 'insights.empty.customers' }, words);
}

/** The questions the bot could not answer: the wording, how often, and up to two examples as written. @returns {ChartTable} */
export function knowledgeGapsTable(/** @type {{ question: string, count: number, examples: string[] }[]} */ gaps, /** @type {Words} */ { t, format }) {
  const rows = gaps.map((g) => [g.question, g.count, g.examples.join(' / ')]);
  return {
    columns: [
      { label: t('insights.col.question'), format: 'text' },
      { label: t('insights.col.times'), format: 'count' },
      { label: t('insights.col.examples'), format: 'text' },
    ],
    rows,
    empty: rows.length === 0,
    emptyKey: 'insights.empty.knowledgeGaps',
    summary:
      rows.length === 0
        ? t('insights.empty.knowledgeGaps')
        : rows
            .slice(0, 5)
            .map(([question, n]) => t('insights.summary.item', { label: String(question), n: format(n ?? null, 'count') }))
            .join(t('insights.summary.separator')),
  };
}

/** A name and a count per row, and the share of the customers in the summary. @returns {ChartTable} */
function countTable(/** @type {(string | number)[][]} */ rows, /** @type {number} */ customers, /** @type {{ label: string, emptyKey: string }} */ keys, /** @type {Words} */ { t, format }) {
  return {
    columns: [
      { label: t(keys.label), format: 'text' },
      { label: t('insights.col.customers'), format: 'count' },
    ],
    rows,
    empty: customers === 0,
    emptyKey: keys.emptyKey,
    summary:
      customers === 0
        ? t(keys.emptyKey)
        : t('insights.summary.mix', {
            customers: format(customers, 'count'),
            items: rows
              .map(([name, n]) => t('insights.summary.item', { label: String(name), n: `${format(n ?? null, 'count')} (${format(Number(n) / customers, 'share')})` }))
              .join(t('insights.summary.separator')),
          }),
  };
}
