// @ts-check
// The follow-ups page for supervisors (pages/jobs/), in the console's page frame.

import { mountPage } from './pages/page-shell.js';
import { JobsPage } from './pages/jobs/jobs-page.js';
import { dashboardLink } from './pages/jobs/dashboard-link.js';

void mountPage({ page: 'jobs', minimumRole: 'supervisor', Page: JobsPage, links: dashboardLink });
