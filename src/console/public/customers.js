// @ts-check
// The customers page (pages/customers/), in the console's page frame.

import { mountPage } from './pages/page-shell.js';
import { CustomersPage } from './pages/customers/customers-page.js';

void mountPage({ page: 'customers', mainClass: 'customers-view', Page: CustomersPage });
