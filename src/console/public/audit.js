// @ts-check
// The audit log page for admins (pages/audit/), in the console's page frame.

import { mountPage } from './pages/page-shell.js';
import { AuditPage } from './pages/audit/audit-page.js';

void mountPage({ page: 'audit', minimumRole: 'admin', Page: AuditPage });
