// The list of the control endpoints under /sandbox/, for `GET /sandbox`, 404 answers and the CLI's --help.
export interface ControlEndpoint {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  does: string;
}

/** Every control endpoint, for `GET /sandbox`, 404 answers and the CLI's --help. */
export const CONTROL_ENDPOINTS: readonly ControlEndpoint[] = [
  { method: 'GET', path: '/sandbox', does: 'this list' },
  {
    method: 'POST',
    path: '/sandbox/send',
    body: '{ chatId, userId, text, threadId?, replyTo? }',
    does: 'the user sends a text message (a DM when chatId = userId) -> { ok, update }',
  },
  {
    method: 'POST',
    path: '/sandbox/press',
    body: '{ chatId, messageId, userId, button } or { chatId, messageId, userId, data }',
    does: 'the user presses an inline button, by its text (exact, else substring) or callback data -> { ok, update }',
  },
  {
    method: 'POST',
    path: '/sandbox/add-bot',
    body: '{ chatId, userId, status? }',
    does: "the user adds the bot to a group ('member' or 'administrator') -> { ok, update }",
  },
  {
    method: 'POST',
    path: '/sandbox/users',
    body: '{ id, firstName, lastName?, username?, language?, role?, startedBot? = true }',
    does: 'adds a user -> { ok, user }',
  },
  {
    method: 'GET',
    path: '/sandbox/users',
    does: 'the users with role, language and the groups they are in -> { ok, users }',
  },
  {
    method: 'POST',
    path: '/sandbox/chats',
    body: "{ id, type: 'group' | 'supergroup', title?, isForum?, username?, botStatus? = 'member' }",
    does: 'adds a group (the bot is in it) -> { ok, chat }',
  },
  {
    method: 'GET',
    path: '/sandbox/chats',
    does: 'the chats with title, type, members and message count -> { ok, chats }',
  },
  {
    method: 'GET',
    path: '/sandbox/chats/:id/messages',
    body: '?threadId=N  ?format=text',
    does: 'the chat as it is now (edits applied, deletions gone) -> { ok, messages }, or one line per message',
  },
  {
    method: 'POST',
    path: '/sandbox/batch',
    body: "{ requests: [{ path: '/sandbox/send' | '/sandbox/press' | '/sandbox/users' | ..., body }] }",
    does: 'runs many POST requests in order at once (a benchmark enqueues thousands of updates); stops at the first bad one -> { ok, at, results }',
  },
  {
    method: 'POST',
    path: '/sandbox/rate-limits',
    body: '{ perSecond?, perGroupPerMinute?, perPrivatePerSecond? } or { off: true }',
    does: 'answers 429 like Telegram past these limits (defaults 30/s, 20/min per group, 1/s per private chat), or stops',
  },
  {
    method: 'GET',
    path: '/sandbox/stats',
    body: '?since=N',
    does: 'the API calls answered since call number N, by method and HTTP status -> { ok, now, calls, methods }',
  },
  {
    method: 'GET',
    path: '/sandbox/wait',
    body: '?method=M&count=N&since=I&chatId=C&timeoutMs=T',
    does: 'answers like /stats once N calls of M since call number I (into chat C) answered 200; 408 after timeoutMs (default 60000)',
  },
  {
    method: 'GET',
    path: '/sandbox/polling',
    body: '?timeoutMs=T',
    does: 'answers { ok, now } as soon as a getUpdates call is being held (a bot is polling); 408 after timeoutMs (default 60000)',
  },
  {
    method: 'GET',
    path: '/sandbox/events',
    body: '?kinds=message,update,call',
    does: 'server-sent events: every message change, enqueued update and answered API call',
  },
];
