// @ts-check
// The outgoing webhooks page for admins (pages/webhooks/), in the console's page frame.

import { mountPage } from './pages/page-shell.js';
import { WebhooksPage } from './pages/webhooks/webhooks-page.js';

void mountPage({ page: 'webhooks', minimumRole: 'admin', mainClass: 'webhooks-view', Page: WebhooksPage });
