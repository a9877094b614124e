import { isoWithOffset } from '../../core/iso-time.ts';
import { byFloorThenUnit, centsToDecimal } from '../buys/buys.ts';
import { quorumOf, tally } from '../votes/votes.ts';
import type { ExportRows } from './export.store.ts';

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

/** The export document of SPEC §5 from its rows: what is shared, in the stable shape other systems read. */
export function toExportDocument(rows: ExportRows, options: { timezone: string; now: number }): ExportDocument {
  const {
    only,
    buildingRows,
    householdRows,
    members,
    needRows,
    voteRows,
    ballotRows,
    noticeRows,
    buyRows,
    orderRows,
    auditRows,
  } = rows;
  const iso = (at: number) => isoWithOffset(at, options.timezone);
  const isoOrNull = (at: number | null) => (at === null ? null : iso(at));
  const unitOf = new Map(householdRows.map((h) => [h.id, h.unit]));
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
      // a private need does not identify its asker outside the building's volunteers (SPEC §2.1, §5)
      requester: n.private ? null : n.requesterId,
      unit: n.private ? null : n.unit,
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
      acknowledged: n.acknowledged,
    })),
    audit: auditRows.map((a) => ({ at: iso(a.at), actor: a.actor, action: a.action, subject: a.subject })),
  };
}
