// A customer talking to the web chat API over real HTTP, as the browser page does.

import { randomUUID } from 'node:crypto';

export interface Reply {
  id: number;
  text: string;
  choices?: string[];
}

export interface SendResult {
  status: number;
  replies: Reply[];
  conversation: { status: string; step?: number };
  body: unknown;
}

export class WebchatCustomer {
  token = '';
  sessionId = '';
  customerId = '';

  constructor(private readonly baseUrl: string) {}

  async start(body: { name?: string; locale?: 'zh' | 'en' } = {}): Promise<this> {
    const response = await fetch(`${this.baseUrl}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`session: ${response.status} ${await response.text()}`);
    const session = (await response.json()) as { sessionId: string; token: string; customerId: string };
    Object.assign(this, session);
    return this;
  }

  async send(text: string, clientMessageId: string = randomUUID()): Promise<SendResult> {
    const response = await fetch(`${this.baseUrl}/api/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ text, clientMessageId }),
    });
    const body = (await response.json()) as { replies?: Reply[]; conversation?: SendResult['conversation'] };
    return { status: response.status, replies: body.replies ?? [], conversation: body.conversation ?? { status: 'unknown' }, body };
  }

  /** A one-use ticket for the live stream, as the page asks for one before it connects. */
  async eventsTicket(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/webchat/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${this.token}` } });
    if (response.status !== 200) throw new Error(`events ticket: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { ticket: string }).ticket;
  }

  /** The URL the page opens its live stream with: a fresh ticket, never the token. */
  async eventsUrl(): Promise<string> {
    return `${this.baseUrl}/api/webchat/events?ticket=${encodeURIComponent(await this.eventsTicket())}`;
  }

  async history(): Promise<{ messages: { id: number; author: string; text: string; choices?: string[] }[]; conversation: { status: string; step?: number } }> {
    const response = await fetch(`${this.baseUrl}/api/webchat/history`, { headers: { authorization: `Bearer ${this.token}` } });
    if (response.status !== 200) throw new Error(`history: ${response.status} ${await response.text()}`);
    return (await response.json()) as Awaited<ReturnType<WebchatCustomer['history']>>;
  }
}

/** All reply texts joined, for assertions on what the customer read. */
export function said(result: SendResult): string {
  return result.replies.map((r) => r.text).join('\n');
}
