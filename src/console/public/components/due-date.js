// @ts-check
// A datetime-local field's value is the browser's local time; the API wants ISO 8601 with an offset.

import { ApiError } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';

/** The ISO time of a datetime-local value; throws the form's own message when it is empty or invalid. */
export function dueFrom(/** @type {string} */ value) {
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new ApiError(0, 'invalid', t('needDue'));
  return date.toISOString();
}
