// @ts-check
// The transcript across channels, in id order, live; it follows new messages while the reader is
// at the bottom, and opens scrolled to the latest. Below it: who is typing (the customer's typing
// in a polite live region of its own, present while empty so screen readers hear it start).

import { html, useLayoutEffect, useRef } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, when } from '../console-labels.js';

const NEAR_BOTTOM_PX = 80;

/** @param {{ messages: import('../state/console-store.js').Message[], channel: string | undefined, typing: string | null, customerTyping: boolean }} props */
export function Transcript({ messages, channel, typing, customerTyping }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const shown = useRef(0);
  const node = box.current;
  // Read before this render changes the list: was the reader following the bottom?
  const following = !node || node.scrollHeight - node.scrollTop - node.clientHeight < NEAR_BOTTOM_PX;
  const followRef = useRef(following);
  followRef.current = following;

  useLayoutEffect(() => {
    const current = box.current;
    if (!current || messages.length === shown.current) return;
    const first = shown.current === 0;
    const last = messages.at(-1);
    shown.current = messages.length;
    if (!first && !followRef.current && last?.author !== 'staff') return;
    const calm = first || window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    current.scrollTo({ top: current.scrollHeight, behavior: calm ? 'instant' : 'smooth' });
  }, [messages]);

  return html`
    <div id="transcript" class="transcript" role="log" aria-live="polite" aria-relevant="additions" tabindex="0" aria-label=${t('transcript')} ref=${box}>
      ${messages.map(
        (message) => html`<div key=${message.id} class=${`msg msg-${message.author}`} data-author=${message.author} data-id=${String(message.id)}>
          <div class="msg-head">
            <span class="msg-author">${t(`author.${message.author}`)}</span>
            ${message.channel && message.channel !== channel && html`<span class="chip small">${channelLabel(message.channel)}</span>`}
            <time class="msg-time" datetime=${message.createdAt}>${when(message.createdAt)}</time>
          </div>
          <div class="bubble">${message.text}</div>
          ${message.choices?.length ? html`<div class="choices">${message.choices.map((choice) => html`<span class="chip">${choice}</span>`)}</div>` : null}
          ${message.undelivered && html`<p class="undelivered small" data-undelivered="true">${t('transcript.undelivered', { reason: message.undelivered.reason })}</p>`}
        </div>`,
      )}
    </div>
    <p id="customer-typing" class="typing customer-typing" role="status" aria-live="polite">${customerTyping ? t('typingCustomer') : ''}</p>
    <p id="typing" class="typing" hidden=${!typing}>${typing === 'bot' ? t('typingBot') : typing ? t('typingStaff') : ''}</p>
  `;
}
