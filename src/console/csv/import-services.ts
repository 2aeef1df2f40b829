// What the import routes need, assembled by the composition root.

import type { ImportProgressBoard } from './import-progress.ts';
import type { ImportStore } from './import-ports.ts';
import type { ImportSummary } from './run-import.ts';

export interface ImportServices {
  store: ImportStore;
  /** How far each running import is, for the console's progress bar. */
  progress: ImportProgressBoard;
  /** DEFAULT_PHONE_REGION: numbers in a file without a country code are this region's. */
  phoneRegion: string;
  /** After an import wrote something (see run-import.ts): segments follow the new data. */
  afterImport: (summary: ImportSummary) => Promise<void>;
}
