// @ts-check
// The whole console page: the header, the password, approvals and shortcuts dialogs, the toast and
// the crisis banner (and the page-wide shortcuts), then the sign-in form, the work view (queue,
// conversation, details) or the admin's staff view.

import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { isSupervisor, useConsoleState } from '../state/console-store.js';
import { TopBar } from './top-bar.js';
import { PasswordDialog } from './password-dialog.js';
import { Toast } from './toast.js';
import { CrisisBanner } from './crisis-banner.js';
import { LoginForm } from './login-form.js';
import { QueuePane } from './queue-pane.js';
import { ConversationView } from './conversation-view.js';
import { DetailsPane } from './details-pane.js';
import { StaffAdmin } from './staff-admin.js';
import { ApprovalsDialog } from './approvals-dialog.js';
import { KeyboardHelp } from './keyboard-help.js';
import { listenForShortcuts } from '../state/keyboard.js';

export function ConsoleApp() {
  const state = useConsoleState();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const { me, view, openId } = state;

  // The page's language and title follow the state; narrow screens show one pane at a time.
  useEffect(() => {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
  }, [state.lang]);
  useEffect(() => {
    document.body.classList.toggle('has-open', Boolean(openId));
  }, [openId]);
  useEffect(() => {
    if (!me) setPasswordOpen(false);
  }, [me]);
  useEffect(listenForShortcuts, []);

  return html`
    <${TopBar} state=${state} onPasswordOpen=${() => setPasswordOpen(true)} />
    <${PasswordDialog} open=${passwordOpen} onClose=${() => setPasswordOpen(false)} />
    <${Toast} toast=${state.toast} />
    ${me && isSupervisor() && html`<${ApprovalsDialog} open=${state.approvalsOpen} approvals=${state.approvals} />`}
    ${me && html`<${KeyboardHelp} open=${state.helpOpen} />`}
    ${me && html`<${CrisisBanner} state=${state} />`}
    ${state.ready && !me && html`<${LoginForm} error=${state.loginError} />`}
    ${me && view === 'staff' && me.role === 'admin' && html`<${StaffAdmin} staff=${state.staff} me=${me} />`}
    ${
      me &&
      (view !== 'staff' || me.role !== 'admin') &&
      html`<div id="work-view" class="work">
      <${QueuePane} state=${state} />
      <${ConversationView} state=${state} />
      <${DetailsPane} state=${state} />
    </div>`
    }
  `;
}
