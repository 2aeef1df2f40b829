// Types of queue-rows.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export interface LastMessage {
  text: string;
  author: string;
  at: string;
}
export interface Row {
  id: string;
  lastMessage?: LastMessage | null;
  unread?: number;
  lastCustomerMessageAt?: string | null;
  labels?: string[];
}
export const PREVIEW_MAX_CHARS: number;
export function previewText(text: string, max?: number): string;
export function withLiveMessage<L extends Record<string, Row[]>>(lists: L, message: { conversationId?: string; author: string; text: string; createdAt: string }, seen: boolean): L;
export function withoutUnread<L extends Record<string, Row[]>>(lists: L, id: string): L;
export function withLabels<L extends Record<string, Row[]>>(lists: L, id: string, labels: string[]): L;
export function findRow<T extends Row>(lists: Record<string, T[]>, id: string): T | undefined;
