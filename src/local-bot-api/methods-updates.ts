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
  if (url !== '' && !/^https:\/\/\S+$/i.test(url))
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  env.world.botSettings.set(WEBHOOK, url);
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  return true;
}

export function deleteWebhook(env: MethodEnv, p: Params): true {
  env.world.botSettings.set(WEBHOOK, '');
  if (bool(p, 'drop_pending_updates')) env.updates.dropPending();
  return true;
}

export function getWebhookInfo(env: MethodEnv): Record<string, unknown> {
  return {
    url: (env.world.botSettings.get(WEBHOOK) as string | undefined) ?? '',
    has_custom_certificate: false,
    pending_update_count: env.updates.count(),
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
