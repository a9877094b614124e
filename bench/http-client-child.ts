// One process of `npm run bench -- --only client`: `sendMessage` through one Bot API client, 30 calls at a time, and
// the process's CPU per call over two stretches (written as JSON to the file named last).
// Arguments: <client: telegramFetch | node-fetch> <apiRoot> <token> <chat ids, JSON> <result file>
import { writeFileSync } from 'node:fs';
import { Api } from 'grammy';
import { telegramFetch } from '../src/bot/telegram-fetch.ts';

const [client, apiRoot, token, chatsJson, resultFile] = process.argv.slice(2);
if (!client || !apiRoot || !token || !chatsJson || !resultFile) throw new Error('usage: see the file header');
const chats = JSON.parse(chatsJson) as number[];
// grammY's default client on Node is node-fetch; this bot passes its own
const api = new Api(token, { apiRoot, ...(client === 'telegramFetch' ? { fetch: telegramFetch() } : {}) });
const text = 'City red alert: stay inside, testing in every building from 9:00';

async function send(count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const chatId = chats[next++ % chats.length]!;
      await api.raw.sendMessage({ chat_id: chatId, text });
    }
  };
  await Promise.all(Array.from({ length: 30 }, worker));
}

/** User + system CPU of this process per call, µs, over `count` calls. */
async function cpuPerCall(count: number): Promise<number> {
  const before = process.cpuUsage();
  await send(count);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

// a process that has made a few calls (a bot after its start), then a burst: its first 300; then, once warm, 3,000
await send(10);
const first = await cpuPerCall(300);
await send(3000);
const warm = await cpuPerCall(3000);
writeFileSync(resultFile, JSON.stringify({ first, warm }));
