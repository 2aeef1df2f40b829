// Types of chat-state.js for TypeScript (the unit tests; the browser loads the .js, checked by tsconfig.browser.json).

export type Author = 'customer' | 'bot' | 'staff' | 'system';
export type Delivery = 'queued' | 'sending' | 'sent' | 'failed' | 'rejected';
export interface ChatMessage {
  key: string;
  id: number | null;
  clientMessageId?: string;
  author: Author;
  text: string;
  choices: readonly string[];
  createdAt: string;
  localTime: boolean;
  delivery?: Delivery;
  picked?: string;
  draft?: boolean;
}
export interface WireMessage {
  id?: unknown;
  author?: unknown;
  text?: unknown;
  choices?: unknown;
  clientMessageId?: unknown;
  createdAt?: unknown;
}
export function readWireMessage(wire: WireMessage, now: string): ChatMessage | null;
export function mergeMessages(messages: readonly ChatMessage[], wires: readonly WireMessage[], now: string): readonly ChatMessage[];
export function addOwnMessage(messages: readonly ChatMessage[], send: { clientMessageId: string; text: string; now: string }): readonly ChatMessage[];
export function ownMessage(messages: readonly ChatMessage[], clientMessageId: string): ChatMessage | undefined;
export function setDelivery(messages: readonly ChatMessage[], clientMessageId: string, delivery: Delivery): readonly ChatMessage[];
export function nextToSend(messages: readonly ChatMessage[]): ChatMessage | undefined;
export function retryFailed(messages: readonly ChatMessage[]): readonly ChatMessage[];
export function applyDraft(messages: readonly ChatMessage[], text: unknown, now: string): readonly ChatMessage[];
export function activeChoicesKey(messages: readonly ChatMessage[]): string | null;
export function pickChoice(messages: readonly ChatMessage[], key: string, label: string): readonly ChatMessage[];
