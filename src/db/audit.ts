import { sql } from 'drizzle-orm';
import type { Tx } from './open.ts';
import { preparedOnce } from './prepared.ts';
import { auditLog } from './schema.ts';

export interface AuditEntry {
  at: number;
  /** Telegram user id; null when the bot acts on its own (scheduler, config sync). */
  actor: number | null;
  buildingId?: string | null;
  /** `feature.verb`, e.g. `household.join`. */
  action: string;
  /** What was acted on, e.g. `household:b3/1502`. */
  subject: string;
  /** Never private need texts or anonymous ballots' choices. */
  details?: Record<string, unknown>;
}

const insertAuditQuery = preparedOnce((db) =>
  db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      actor: sql.placeholder('actor'),
      buildingId: sql.placeholder('buildingId'),
      action: sql.placeholder('action'),
      subject: sql.placeholder('subject'),
      details: sql.placeholder('details'),
    })
    .prepare(),
);

/** Appends to the audit log inside the caller's transaction, so the record and the change commit together. */
export function appendAudit(tx: Tx, entry: AuditEntry): void {
  insertAuditQuery(tx).run({
    at: entry.at,
    actor: entry.actor,
    buildingId: entry.buildingId ?? null,
    action: entry.action,
    subject: entry.subject,
    details: entry.details ?? null,
  });
}
