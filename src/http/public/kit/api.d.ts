// Types of api.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export class ApiError extends Error {
  constructor(status: number, code: string, message: string);
  status: number;
  code: string;
}
export interface CallOptions {
  bearer?: string;
  timeoutMs?: number;
}
export function errorFromResponse(status: number, body: unknown): ApiError;
export function parseBody(text: string): unknown;
export function configureApi(options: { csrfHeader?: string; signInPaths?: string[]; onSessionLost?: (message: string) => void }): void;
export function setCsrfToken(token: string): void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pages read the answer's fields as the API documents them
export function api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options?: CallOptions): Promise<any>;
