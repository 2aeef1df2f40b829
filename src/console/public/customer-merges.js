// Supervisors' part of the customers page: the cards that look like one person (sharing a phone
// or an email), merging one card into another, and undoing a merge from the card's merge list.
// Agents see neither (the API refuses them too).

import { t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { when } from './console-labels.js';
import { $, el } from './dom.js';
import { isSupervisor, toast } from './page-frame.js';

const merges = { list: [], groups: [] };

/** Shows the duplicates section when the signed-in person may merge. */
export function setUpDuplicates(openCard) {
  if (!isSupervisor()) return;
  $('#duplicates').hidden = false;
  $('#dup-load').addEventListener('click', () => void loadDuplicates(openCard).catch((error) => toast(error.message)));
}

async function loadDuplicates(openCard) {
  const { groups, total } = await api('GET', '/api/staff/customers/duplicates?pageSize=50');
  merges.groups = groups;
  $('#dup-total').textContent = t('customers.dup.total', { n: total });
  $('#dup-list').replaceChildren(
    ...groups.map((group) =>
      el(
        'li',
        { class: 'dup-group', 'data-value': group.value },
        el('div', { class: 'muted small', text: `${t(`customers.dup.by.${group.match}`)}: ${group.value}` }),
        ...group.customers.map((c, i) =>
          el(
            'div',
            { class: 'dup-card', 'data-id': c.id },
            el('button', { class: 'btn btn-ghost dup-open', type: 'button', text: c.name || t('anonymous'), onclick: () => void openCard(c.id) }),
            el('span', { class: 'muted small', text: ` ${when(c.createdAt)}` }),
            i > 0
              ? el('button', {
                  class: 'btn dup-merge',
                  type: 'button',
                  text: t('customers.dup.mergeInto', { name: group.customers[0].name || t('anonymous') }),
                  onclick: () => void merge(group.customers[0].id, c.id, openCard),
                })
              : null,
          ),
        ),
      ),
    ),
  );
  $('#dup-empty').hidden = groups.length > 0;
}

async function merge(keptId, otherId, openCard) {
  try {
    await api('POST', `/api/staff/customers/${encodeURIComponent(keptId)}/merge`, { otherId });
    toast(t('customers.merge.done'));
    await openCard(keptId);
    await loadDuplicates(openCard);
  } catch (error) {
    toast(error.message);
  }
}

/** The card's merge section: merge another card into it by id, and the merges it took part in with an undo. */
export async function renderMerges(card, openCard) {
  const section = $('#merges');
  section.hidden = !isSupervisor();
  if (!isSupervisor()) return;
  const { merges: list } = await api('GET', `/api/staff/customers/${encodeURIComponent(card.id)}/merges`);
  merges.list = list;
  $('#merge-list').replaceChildren(
    ...list.map((m) =>
      el(
        'li',
        { 'data-id': m.id },
        el('span', { text: m.keptId === card.id ? t('customers.merge.in', { id: m.mergedId }) : t('customers.merge.out', { id: m.keptId }) }),
        el('span', { class: 'muted small', text: ` · ${when(m.createdAt)}${m.undoneAt ? ` · ${t('customers.merge.undone')}` : ''}` }),
        m.undoneAt ? null : el('button', { class: 'btn btn-ghost merge-undo', type: 'button', text: t('customers.merge.undo'), onclick: () => void undo(m.id, card.id, openCard) }),
      ),
    ),
  );
  $('#merge-empty').hidden = list.length > 0;
  const form = $('#merge-form');
  form.onsubmit = (event) => {
    event.preventDefault();
    const otherId = $('#merge-other').value.trim();
    if (otherId) void merge(card.id, otherId, openCard).then(() => form.reset());
  };
}

async function undo(mergeId, cardId, openCard) {
  if (!document.defaultView.confirm(t('customers.merge.confirmUndo'))) return;
  try {
    await api('POST', `/api/staff/merges/${encodeURIComponent(mergeId)}/undo`, {});
    toast(t('customers.merge.undoneToast'));
    await openCard(cardId);
  } catch (error) {
    toast(error.message);
  }
}
