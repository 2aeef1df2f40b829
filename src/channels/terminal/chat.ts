// `npm run chat`: the same conversation as the web chat, in a terminal. Type a message, or the
// number of a choice; /new starts over, /quit leaves.

import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { pino } from 'pino';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { cleanText } from '../../conversation/clean-text.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
console.log('Starting… (first start trains the language models)');
const app = await createApp(config, { logger, embeddedRedisName: `chat-${process.pid}` });
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
let session = `${userInfo().username}-${Date.now()}`;
let choices: string[] = [];

console.log('\nCustomer care · 客户服务 — write in English or 中文. /new starts over, /quit leaves.\n');
for await (const line of rl) {
  // Cleaned as every channel cleans what the customer writes (the engine expects it).
  const input = cleanText(line);
  if (input === '/quit' || input === '/exit') break;
  if (input === '/new') {
    session = `${userInfo().username}-${Date.now()}`;
    choices = [];
    console.log('— new conversation —');
    continue;
  }
  if (!input) continue;
  const picked = /^\d+$/.test(input) ? choices[Number(input) - 1] : undefined;
  const text = picked ?? input;
  if (picked) console.log(`you › ${picked}`);
  try {
    const result = await app.engine.turn({ channel: 'terminal', externalUserId: session, text });
    for (const reply of result.replies) {
      console.log(`\nbot › ${reply.text.replace(/\n/g, '\n      ')}`);
      if (reply.choices?.length) reply.choices.forEach((choice, i) => console.log(`      [${i + 1}] ${choice}`));
    }
    choices = result.replies.at(-1)?.choices ?? [];
    if (result.status !== 'bot') console.log(`      (conversation status: ${result.status})`);
    console.log('');
  } catch (error) {
    console.error(`Sorry, that failed: ${(error as Error).message}`);
  }
}
await shutdown();

async function shutdown(): Promise<void> {
  await app.close();
  process.exit(0);
}
