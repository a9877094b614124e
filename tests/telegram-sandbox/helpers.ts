import type { FakeTelegram } from '../../src/telegram-sandbox/index.ts';

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Calls the fake Bot API over real HTTP with a JSON body. */
export async function api(
  tg: FakeTelegram,
  method: string,
  params: Record<string, unknown> = {},
  opts: { token?: string; signal?: AbortSignal } = {},
): Promise<ApiAnswer> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(`${tg.apiRoot}/bot${opts.token ?? tg.token}/${method}`, init);
  return { status: res.status, body: await res.json() };
}

export const GROUP = -1001234567890;
export const ALICE = 1001;
export const BOB = 1002;

/** A world with two users and a supergroup where Alice is the creator and the bot an admin. */
export function seed(tg: FakeTelegram): void {
  tg.addUser({ id: ALICE, first_name: 'Alice', username: 'alice', language_code: 'en' });
  tg.addUser({ id: BOB, first_name: 'Bob' });
  tg.addChat({ id: GROUP, type: 'supergroup', title: 'Maple St 12' });
  tg.setMember(GROUP, ALICE, 'creator');
  tg.setMember(GROUP, BOB, 'member');
  tg.setMember(GROUP, tg.botInfo.id, 'administrator');
}
