// Types of live.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export type LiveState = 'connecting' | 'on' | 'off';
export interface LiveOptions {
  url: string | (() => Promise<string>);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each event's data is as the stream documents it
  events: Record<string, (data: any) => void>;
  onState?: (state: LiveState) => void;
  readyEvent?: string;
  beforeReconnect?: () => Promise<boolean>;
  resumeParam?: string;
  retryWithFreshUrl?: boolean;
  backoff?: { minMs?: number; maxMs?: number };
}
export function backoffDelay(attempt: number, limits?: { minMs?: number; maxMs?: number }): number;
export function resumeUrl(url: string, param: string | undefined, lastId: string): string;
export function connectLive(options: LiveOptions): { close(): void };
