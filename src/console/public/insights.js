// @ts-check
// The Insights page for supervisors and admins (pages/insights/), in the console's page frame.
// ECharts is the page's one vendor script (served from node_modules at /console/vendor/).

import { mountPage } from './pages/page-shell.js';
import { InsightsPage } from './pages/insights/insights-page.js';

void mountPage({ page: 'insights', minimumRole: 'supervisor', mainClass: 'insights-view', Page: InsightsPage });
