/* global sessionStorage */
// "Change password" for the signed-in staff member: a small dialog that sends the current and the
// new password. The server signs this account out everywhere and starts a new session here, so
// the page keeps working with the CSRF token it answers with.

import { $ } from './dom.js';
import { CSRF_KEY, state } from './console-state.js';
import { api } from './api.js';
import { toast } from './alerts.js';
import { t } from './wording.js';

/** Shows or hides the "Change password" button (shown while someone is signed in). */
export function showPasswordButton(visible) {
  $('#password-open').hidden = !visible;
  if (!visible && $('#password-dialog').open) $('#password-dialog').close();
}

/** Wires the button and the dialog; call once when the page starts. */
export function setUpPasswordChange() {
  const dialog = $('#password-dialog');
  $('#password-open').addEventListener('click', () => {
    $('#password-form').reset();
    $('#password-error').textContent = '';
    dialog.showModal();
    $('#password-current').focus();
  });
  $('#password-cancel').addEventListener('click', () => dialog.close());
  $('#password-form').addEventListener('submit', (event) => void changePassword(event));
}

async function changePassword(event) {
  event.preventDefault();
  const currentPassword = $('#password-current').value;
  const newPassword = $('#password-new').value;
  const error = $('#password-error');
  error.textContent = '';
  if (newPassword !== $('#password-repeat').value) {
    error.textContent = t('passwordMismatch');
    $('#password-repeat').select();
    return;
  }
  const submit = $('#password-submit');
  submit.disabled = true;
  try {
    const result = await api('POST', '/api/staff/me/password', { currentPassword, newPassword });
    state.csrf = result.csrfToken;
    sessionStorage.setItem(CSRF_KEY, state.csrf);
    $('#password-form').reset();
    $('#password-dialog').close();
    toast(t('passwordChanged'));
  } catch (failure) {
    error.textContent = failure.message;
  } finally {
    submit.disabled = false;
  }
}
