import { asc, eq, inArray } from 'drizzle-orm';
import { isoWithOffset } from '../../core/iso-time.ts';
import type { Db } from '../../db/open.ts';
import {
  auditLog,
  ballots,
  buildings,
  buys,
  householdMembers,
  households,
  needs,
  notices,
  orders,
  votes,
} from '../../db/schema.ts';
import { byFloorThenUnit, centsToDecimal } from '../buys/buys.ts';
import { ackCount } from '../notices/notices.store.ts';
import { quorumOf } from '../votes/votes.store.ts';
import { tally } from '../votes/votes.ts';

/** The JSON export of SPEC §5: the interface to other departments' systems, kept stable. */
export interface ExportDocument {
  exportedAt: string;
  buildings: Array<{ id: string; name: string; chatId: number }>;
  households: Array<{ building: string; unit: string; members: number[] }>;
  needs: Array<{
    id: number;
    building: string;
    status: 'open' | 'claimed' | 'done' | 'cancelled';
    priority: string;
    category: string;
    text: string | null;
    private: boolean;
    requester: number | null;
    unit: string | null;
    claimedBy: number | null;
    createdAt: string;
    claimedAt: string | null;
    doneAt: string | null;
  }>;
  votes: Array<{
    id: number;
    building: string;
    question: string;
    status: 'open' | 'closed';
    perHousehold: boolean;
    anonymous: boolean;
    quorum: null | { count: number } | { percent: number };
    closesAt: string;
    options: Array<{ text: string; count: number }>;
    ballots?: Array<{ voter: number | null; unit: string | null; option: number }>;
  }>;
  buys: Array<{
    id: number;
    building: string;
    item: string;
    /** Unit price as a decimal string (`45.50`): exact, unlike a JSON number. */
    price: string;
    status: 'open' | 'confirmed' | 'cancelled';
    min: number | null;
    max: number | null;
    limit: number | null;
    closesAt: string;
    orders: Array<{ unit: string; quantity: number; paid: boolean; delivered: boolean }>;
  }>;
  notices: Array<{
    id: number;
    buildings: string[];
    level: 'info' | 'blue' | 'yellow' | 'orange' | 'red';
    text: string;
    sentAt: string;
    acknowledged: number;
  }>;
  audit: Array<{ at: string; actor: number | null; action: string; subject: string }>;
}

/**
 * Reads the export from the database: every building, or one. Private need texts are null, anonymous votes
 * carry no ballots, drafts are left out. Times in the config's time zone with offset.
 */
export function buildExport(db: Db, options: { timezone: string; now: number; buildingId?: string }): ExportDocument {
  const iso = (at: number) => isoWithOffset(at, options.timezone);
  const isoOrNull = (at: number | null) => (at === null ? null : iso(at));
  const only = options.buildingId;
  return db.transaction((tx) => {
    const buildingRows = tx
      .select()
      .from(buildings)
      .where(only ? eq(buildings.id, only) : undefined)
      .orderBy(asc(buildings.id))
      .all();
    const ids = buildingRows.map((b) => b.id);
    const householdRows = tx
      .select()
      .from(households)
      .where(inArray(households.buildingId, ids))
      .orderBy(asc(households.buildingId), asc(households.unit))
      .all();
    const members = tx.select().from(householdMembers).where(inArray(householdMembers.buildingId, ids)).all();
    const needRows = tx
      .select()
      .from(needs)
      .where(inArray(needs.buildingId, ids))
      .orderBy(asc(needs.id))
      .all()
      .filter((n) => n.status !== 'draft');
    const voteRows = tx.select().from(votes).where(inArray(votes.buildingId, ids)).orderBy(asc(votes.id)).all();
    const ballotRows =
      voteRows.length === 0
        ? []
        : tx
            .select()
            .from(ballots)
            .where(
              inArray(
                ballots.voteId,
                voteRows.map((v) => v.id),
              ),
            )
            .orderBy(asc(ballots.castAt))
            .all();
    const noticeRows = tx
      .select()
      .from(notices)
      .orderBy(asc(notices.id))
      .all()
      .filter((n) => !only || n.buildingIds.includes(only));
    const unitOf = new Map(householdRows.map((h) => [h.id, h.unit]));
    const buyRows = tx.select().from(buys).where(inArray(buys.buildingId, ids)).orderBy(asc(buys.id)).all();
    const orderRows =
      buyRows.length === 0
        ? []
        : tx
            .select()
            .from(orders)
            .where(
              inArray(
                orders.buyId,
                buyRows.map((b) => b.id),
              ),
            )
            .all();
    const auditRows = tx
      .select()
      .from(auditLog)
      .where(only ? eq(auditLog.buildingId, only) : undefined)
      .orderBy(asc(auditLog.id))
      .all();
    return {
      exportedAt: iso(options.now),
      buildings: buildingRows.map((b) => ({ id: b.id, name: b.name, chatId: b.chatId })),
      households: householdRows.map((h) => ({
        building: h.buildingId,
        unit: h.unit,
        members: members.filter((m) => m.householdId === h.id).map((m) => m.userId),
      })),
      needs: needRows.map((n) => ({
        id: n.id,
        building: n.buildingId!,
        status: n.status as 'open' | 'claimed' | 'done' | 'cancelled',
        priority: n.priority,
        category: n.category,
        text: n.private ? null : n.text,
        private: n.private,
        requester: n.requesterId,
        unit: n.unit,
        claimedBy: n.claimedBy,
        createdAt: iso(n.createdAt),
        claimedAt: isoOrNull(n.claimedAt),
        doneAt: isoOrNull(n.doneAt),
      })),
      votes: voteRows.map((v) => {
        const own = ballotRows.filter((b) => b.voteId === v.id);
        const result = tally(v.options.length, own, quorumOf(v), null);
        return {
          id: v.id,
          building: v.buildingId,
          question: v.question,
          status: v.status,
          perHousehold: v.perHousehold,
          anonymous: v.anonymous,
          quorum: quorumOf(v),
          closesAt: iso(v.closesAt),
          options: v.options.map((text, i) => ({ text, count: result.counts[i] ?? 0 })),
          ...(v.anonymous
            ? {}
            : {
                ballots: own.map((b) => ({
                  voter: b.voterId,
                  unit: b.householdId === null ? null : (unitOf.get(b.householdId) ?? null),
                  option: b.option,
                })),
              }),
        };
      }),
      buys: buyRows.map((b) => ({
        id: b.id,
        building: b.buildingId,
        item: b.item,
        price: centsToDecimal(b.priceCents),
        status: b.status,
        min: b.min,
        max: b.max,
        limit: b.limitPerHousehold,
        closesAt: iso(b.closesAt),
        orders: orderRows
          .filter((o) => o.buyId === b.id && o.quantity > 0)
          .map((o) => ({
            unit: unitOf.get(o.householdId) ?? '',
            quantity: o.quantity,
            paid: o.paid,
            delivered: o.delivered,
          }))
          .sort((x, y) => byFloorThenUnit(x.unit, y.unit)),
      })),
      notices: noticeRows.map((n) => ({
        id: n.id,
        buildings: only ? [only] : n.buildingIds,
        level: n.level,
        text: n.text,
        sentAt: iso(n.sentAt),
        acknowledged: ackCount(tx, n.id, only),
      })),
      audit: auditRows.map((a) => ({ at: iso(a.at), actor: a.actor, action: a.action, subject: a.subject })),
    };
  });
}
