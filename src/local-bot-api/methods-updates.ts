// Bot API methods on updates and webhooks, and getFile.
import { ApiError, badRequest } from './errors.ts';
import type { Params } from './http-body.ts';
import { bool, type MethodEnv, str } from './methods-params.ts';

// ------------------------------------------------------------------ updates and webhooks

const WEBHOOK = 'webhook_url';

export function getUpdates(env: MethodEnv, p: Params, signal: AbortSignal): Promise<unknown> {
  if (env.world.botSettings.get(WEBHOOK)) {
    throw new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  return env.updates.poll(p, signal);
}

export function setWebhook(env: MethodEnv, p: Params): true {
  const url = str(p, 'url') ?? '';
  // Telegram wants HTTPS; a local Bot API also delivers to a bot on this machine over plain HTTP
  const local = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//i.test(url);
  if (url !== '' && !/^https:\/\/\S+$/i.test(url) && !local)
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const secretToken = str(p, 'secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken))
    throw badRequest('bad webhook: secret token contains unallowed characters');
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  env.updates.setAllowed(p.allowed_updates);
  env.world.botSettings.set(WEBHOOK, url);
  env.webhook.set(url === '' ? undefined : { url, secretToken });
  return true;
}

export function deleteWebhook(env: MethodEnv, p: Params): true {
  env.world.botSettings.set(WEBHOOK, '');
  env.webhook.set(undefined);
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  return true;
}

export function getWebhookInfo(env: MethodEnv): Record<string, unknown> {
  const error = env.webhook.lastError;
  return {
    url: env.webhook.url,
    has_custom_certificate: false,
    pending_update_count: env.updates.count(),
    ...(error ? { last_error_date: error.date, last_error_message: error.message } : {}),
  };
}

export function getFile(env: MethodEnv, p: Params): Record<string, unknown> {
  const id = str(p, 'file_id');
  const file = id === undefined ? undefined : env.world.files.get(id);
  if (!file) throw badRequest('invalid file_id');
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.content.length,
    file_path: file.path,
  };
}
