// @ts-check
// A canned reply's variables ({customerName}, {agentName}, {orderNumber}, {reference}) filled
// from the open conversation. Pure.

/**
 * What the variables stand for in this conversation: the customer's and the agent's names, the
 * last order number the customer wrote, the first open case's reference.
 * @param {any} detail the open conversation
 * @param {{ name: string } | null} me
 * @returns {Record<string, string>}
 */
export function cannedVariables(detail, me) {
  const customerTexts = (detail?.transcript ?? []).filter((/** @type {any} */ m) => m.author === 'customer').map((/** @type {any} */ m) => m.text);
  const order = customerTexts
    .map((/** @type {string} */ text) => /\b\d{8,12}\b/.exec(text)?.[0])
    .filter(Boolean)
    .at(-1);
  const kase = detail?.openCases?.[0];
  return {
    customerName: detail?.profile?.name ?? '',
    agentName: me?.name ?? '',
    ...(order ? { orderNumber: order } : {}),
    ...(kase ? { reference: kase.id.slice(0, 8).toUpperCase() } : {}),
  };
}

/**
 * The reply's text with its variables filled. A missing name reads better left out than as an
 * empty placeholder (with the comma it leaves); other gaps stay visible as {name}.
 * @param {string} text
 * @param {Record<string, string>} vars
 */
export function fillCanned(text, vars) {
  return text
    .replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? /** @type {string} */ (vars[name]) : whole))
    .replace(/\s+([，,！!])/g, '$1')
    .replace(/^[，,]\s*/, '');
}
