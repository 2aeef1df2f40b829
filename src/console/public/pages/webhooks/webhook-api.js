// @ts-check
// The webhooks API as the page calls it (/api/staff/webhooks, admins only), with the shapes it
// answers: endpoints with their latest delivery, the event types on offer, a delivery log.

import { api } from '../../../assets/kit/api.js';

/**
 * @typedef {{
 *   id: string, messageId: string, eventType: string, status: 'pending' | 'delivered' | 'failed', attempts: number,
 *   lastStatusCode: number | null, lastError: string | null, nextAttemptAt: string | null, deliveredAt: string | null,
 *   createdAt: string, updatedAt: string,
 * }} Delivery
 * @typedef {{
 *   id: string, url: string, events: string[], description: string | null, enabled: boolean, disabledReason: string | null,
 *   previousSecretSignsUntil: string | null, createdAt: string, updatedAt: string, lastDelivery: Delivery | null,
 * }} Endpoint
 * @typedef {{ url: string, secret: string, until: string | null }} ShownSecret A secret the API gave just
 *   now, for `url`; `until`: after a rotation, when the old one stops signing.
 */

/** @param {string} id @param {string} [tail] */
const path = (id, tail = '') => `/api/staff/webhooks/${encodeURIComponent(id)}${tail}`;

/** @returns {Promise<{ endpoints: Endpoint[], eventTypes: string[] }>} */
export function listEndpoints() {
  return api('GET', '/api/staff/webhooks');
}

/**
 * @param {{ url: string, events: string[], description?: string }} endpoint
 * @returns {Promise<ShownSecret>} the new endpoint's secret
 */
export async function registerEndpoint(endpoint) {
  /** @type {{ url: string, secret: string }} */
  const created = await api('POST', '/api/staff/webhooks', endpoint);
  return { url: created.url, secret: created.secret, until: null };
}

/**
 * @param {string} id
 * @param {{ events?: string[], enabled?: boolean }} changes
 */
export async function updateEndpoint(id, changes) {
  await api('PATCH', path(id), changes);
}

/** @param {string} id */
export async function deleteEndpoint(id) {
  await api('DELETE', path(id));
}

/**
 * @param {Endpoint} endpoint
 * @returns {Promise<ShownSecret>} the new secret, and until when the old one signs too
 */
export async function rotateSecret(endpoint) {
  /** @type {{ secret: string, previousSecretSignsUntil: string }} */
  const rotated = await api('POST', path(endpoint.id, '/rotate-secret'));
  return { url: endpoint.url, secret: rotated.secret, until: rotated.previousSecretSignsUntil };
}

/** @param {string} id */
export async function sendTestEvent(id) {
  await api('POST', path(id, '/test'));
}

/**
 * The newest `limit` deliveries to an endpoint.
 * @param {string} id
 * @param {number} limit
 * @returns {Promise<Delivery[]>}
 */
export async function listDeliveries(id, limit) {
  /** @type {{ deliveries: Delivery[] }} */
  const body = await api('GET', path(id, `/deliveries?limit=${limit}`));
  return body.deliveries;
}

/**
 * @param {string} id the endpoint's
 * @param {string} deliveryId
 */
export async function redeliver(id, deliveryId) {
  await api('POST', path(id, `/deliveries/${encodeURIComponent(deliveryId)}/redeliver`));
}
