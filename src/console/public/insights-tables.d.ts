// Types of insights-tables.js for the TypeScript tests that import it (the browser loads the .js).

import type { Insights } from '../../insights/insights-schema.ts';
import type { CellFormat, Translate } from './insights-format.js';

export type Cell = string | number | null;
export interface Column {
  label: string;
  format: CellFormat;
  csvLabel?: string;
}
export interface ChartTable {
  columns: Column[];
  rows: Cell[][];
  empty: boolean;
  emptyKey: string;
  summary: string;
  rowFormats?: CellFormat[];
}
export interface Words {
  t: Translate;
  label: (kind: 'category' | 'reason' | 'channel' | 'lifecycle', code: string) => string;
  format: (value: Cell, format: CellFormat) => string;
}
export type ChartId =
  | 'conversations'
  | 'complaintsByCategory'
  | 'complaintsByProduct'
  | 'funnel'
  | 'escalationsByReason'
  | 'containment'
  | 'csat'
  | 'times'
  | 'surveyTrend'
  | 'chatCsat'
  | 'chatCsatAgents'
  | 'tierMix'
  | 'lifecycleMix'
  | 'knowledgeGaps';
export const CHART_IDS: ChartId[];
/** `insights` is a GET /api/staff/insights answer. */
export function insightTables(insights: Insights, words: Words): Record<ChartId, ChartTable>;
export function cellFormat(table: ChartTable, row: number, column: number): CellFormat;
export function csvOf(table: ChartTable): { header: string[]; rows: Cell[][] };
