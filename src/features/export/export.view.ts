import { isoWithOffset } from '../../core/iso-time.ts';
import { byFloorThenUnit, type ExportedBuy, exportBuy } from '../buys/buys.ts';
import { type ExportedOffer, offerForExport } from '../offers/offers.ts';
import type { SurveyCounts } from '../surveys/surveys.ts';
import { quorumOf, tally } from '../votes/votes.ts';
import type { ExportRows } from './export.store.ts';
import type { Rows } from './export-tables.ts';

/** The JSON export of SPEC §5: the interface to other departments' systems, kept stable. */
export interface ExportDocument {
  exportedAt: string;
  buildings: Array<{ id: string; name: string; chatId: number }>;
  /** The config's committees, each with the buildings it covers (`"all"` written out). */
  committees: ExportedCommittee[];
  households: Array<{ building: string; unit: string; members: number[] }>;
  needs: ExportedNeed[];
  /** Offers (SPEC §2.11): public, as their cards are. */
  offers: ExportedOffer[];
  votes: ExportedVote[];
  /** Prices and amounts as decimal strings (`45.50`): exact, unlike a JSON number. */
  buys: ExportedBuy[];
  notices: ExportedNotice[];
  /** The household survey per building (SPEC §2.10): counts only, never answers. */
  surveys: ExportedSurvey[];
  /** Duty roster shifts (SPEC §2.13), each with the volunteers signed up. */
  shifts: ExportedShift[];
  /** Floor calls (SPEC §2.13) with their waves and the units that answered. */
  calls: ExportedCall[];
  audit: ExportedAudit[];
}

/**
 * The export as the CSV files and the workbook read it: the document, except that the needs and the audit log (the
 * two lists that grow with the weeks) may be streams read while they are written.
 */
export type ExportSource = Omit<ExportDocument, 'needs' | 'audit'> & {
  needs: Rows<ExportedNeed>;
  audit: Rows<ExportedAudit>;
};

export type ExportedAudit = { at: string; actor: number | null; action: string; subject: string };

export type ExportedSurvey = {
  building: string;
  households: number;
  answered: number;
  counts: SurveyCounts;
};

export type ExportedShift = {
  id: number;
  building: string;
  task: string;
  start: string;
  end: string;
  needed: number;
  volunteers: number[];
};

export type ExportedCall = {
  id: number;
  building: string;
  task: string;
  status: 'open' | 'paused' | 'ended';
  waves: Array<{ floors: [number, number]; at: string }>;
  answered: string[];
  homeVisits: string[];
};

export type ExportedCommittee = {
  id: string;
  name: string;
  buildings: string[];
};

export type ExportedNeed = {
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
  /** A recurring need's rhythm as normalised (`week`, `3d`, `mon,thu`), or null (SPEC §2.11). */
  repeat: string | null;
  /** The offer that served it, or null. */
  offer: number | null;
};

export type ExportedVote = {
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
};

export type ExportedNotice = {
  id: number;
  buildings: string[];
  level: 'info' | 'blue' | 'yellow' | 'orange' | 'red';
  text: string;
  sentAt: string;
  acknowledged: number;
};

type NeedRow = ExportRows['needRows'][number];
type VoteRow = ExportRows['voteRows'][number];
type BallotRow = ExportRows['ballotRows'][number];
type NoticeRow = Omit<ExportRows['noticeRows'][number], 'acknowledged'>;

/*
 * One mapper per item, from its row to its shape in the export: the export uses them for every item, and the events
 * of SPEC §2.9 for the item a change left behind (`data`), so a department reads one shape from both.
 */

/** A need as exported: a private need's text, asker and unit are null (SPEC §2.1, §5). */
export function needForExport(need: NeedRow, timezone: string): ExportedNeed {
  const iso = (at: number) => isoWithOffset(at, timezone);
  return {
    id: need.id,
    building: need.buildingId!,
    status: need.status as ExportedNeed['status'],
    priority: need.priority,
    category: need.category,
    text: need.private ? null : need.text,
    private: need.private,
    // a private need does not identify its asker outside the building's volunteers (SPEC §2.1, §5)
    requester: need.private ? null : need.requesterId,
    unit: need.private ? null : need.unit,
    claimedBy: need.claimedBy,
    createdAt: iso(need.createdAt),
    claimedAt: need.claimedAt === null ? null : iso(need.claimedAt),
    doneAt: need.doneAt === null ? null : iso(need.doneAt),
    repeat: need.repeat,
    offer: need.offerId,
  };
}

/**
 * A vote as exported, with its counts; the ballots (each with its household's unit, from `unitOf`) only when it is
 * not anonymous (SPEC §6: nobody pairs a voter with an option).
 */
export function voteForExport(
  vote: VoteRow,
  ballots: readonly BallotRow[],
  unitOf: (householdId: number) => string | undefined,
  timezone: string,
): ExportedVote {
  const result = tally(vote.options.length, ballots, quorumOf(vote), null);
  return {
    id: vote.id,
    building: vote.buildingId,
    question: vote.question,
    status: vote.status,
    perHousehold: vote.perHousehold,
    anonymous: vote.anonymous,
    quorum: quorumOf(vote),
    closesAt: isoWithOffset(vote.closesAt, timezone),
    options: vote.options.map((text, i) => ({ text, count: result.counts[i] ?? 0 })),
    ...(vote.anonymous
      ? {}
      : {
          ballots: ballots.map((b) => ({
            voter: b.voterId,
            unit: b.householdId === null ? null : (unitOf(b.householdId) ?? null),
            option: b.option,
          })),
        }),
  };
}

/** A notice or alert as exported; `buildings` are those it went to (or the one building an export is limited to). */
export function noticeForExport(
  notice: NoticeRow,
  acknowledged: number,
  timezone: string,
  only?: string,
): ExportedNotice {
  return {
    id: notice.id,
    buildings: only ? [only] : notice.buildingIds,
    level: notice.level,
    text: notice.text,
    sentAt: isoWithOffset(notice.sentAt, timezone),
    acknowledged,
  };
}

/** A shift as exported, with the volunteers signed up (user ids, in the order they signed up). */
export function shiftForExport(
  shift: { id: number; buildingId: string; task: string; startAt: number; endAt: number; needed: number },
  volunteers: readonly number[],
  timezone: string,
): ExportedShift {
  return {
    id: shift.id,
    building: shift.buildingId,
    task: shift.task,
    start: isoWithOffset(shift.startAt, timezone),
    end: isoWithOffset(shift.endAt, timezone),
    needed: shift.needed,
    volunteers: [...volunteers],
  };
}

/** A floor call as exported: its waves, the units that answered (down or not) and those asking for a home visit. */
export function callForExport(
  call: { id: number; buildingId: string; task: string; status: ExportedCall['status'] },
  waves: ReadonlyArray<{ fromFloor: number; toFloor: number; at: number }>,
  answers: ReadonlyArray<{ unit: string; answer: 'down' | 'visit' }>,
  timezone: string,
): ExportedCall {
  return {
    id: call.id,
    building: call.buildingId,
    task: call.task,
    status: call.status,
    waves: waves.map((w) => ({ floors: [w.fromFloor, w.toFloor], at: isoWithOffset(w.at, timezone) })),
    answered: answers.map((a) => a.unit).sort(byFloorThenUnit),
    homeVisits: answers
      .filter((a) => a.answer === 'visit')
      .map((a) => a.unit)
      .sort(byFloorThenUnit),
  };
}

/** The config's committees as exported: `"all"` becomes every building of the config. */
export function committeesForExport(config: {
  buildings: ReadonlyArray<{ id: string }>;
  committees: ReadonlyArray<{ id: string; name: string; buildings: 'all' | readonly string[] }>;
}): ExportedCommittee[] {
  const every = config.buildings.map((b) => b.id);
  return config.committees.map((c) => ({
    id: c.id,
    name: c.name,
    buildings: c.buildings === 'all' ? [...every] : [...c.buildings],
  }));
}

/** The export document of SPEC §5 from its rows: what is shared, in the stable shape other systems read. */
export function toExportDocument(
  rows: ExportRows,
  options: { timezone: string; now: number; committees?: readonly ExportedCommittee[] },
): ExportDocument {
  return toExportSource(
    rows,
    options,
    rows.needRows.map((n) => needForExport(n, options.timezone)),
    rows.auditRows.map((a) => auditForExport(a, options.timezone)),
  );
}

/** An audit entry as exported. */
export function auditForExport(
  entry: { at: number; actor: number | null; action: string; subject: string },
  timezone: string,
): ExportedAudit {
  return { at: isoWithOffset(entry.at, timezone), actor: entry.actor, action: entry.action, subject: entry.subject };
}

/**
 * The export from its rows with the needs and the audit log given apart (lists, or streams read later): the
 * document's keys in the document's order.
 */
export function toExportSource<N extends Rows<ExportedNeed>, A extends Rows<ExportedAudit>>(
  rows: Omit<ExportRows, 'needRows' | 'auditRows'>,
  options: { timezone: string; now: number; committees?: readonly ExportedCommittee[] },
  needs: N,
  audit: A,
): Omit<ExportDocument, 'needs' | 'audit'> & { needs: N; audit: A } {
  const { only, buildingRows, householdRows, members, voteRows, ballotRows, noticeRows, buyRows } = rows;
  const iso = (at: number) => isoWithOffset(at, options.timezone);
  const unitOf = new Map(householdRows.map((h) => [h.id, h.unit]));
  const membersOf = groupBy(members, (m) => m.householdId);
  const ballotsOf = groupBy(ballotRows, (b) => b.voteId);
  return {
    exportedAt: iso(options.now),
    buildings: buildingRows.map((b) => ({ id: b.id, name: b.name, chatId: b.chatId })),
    // an export of one building lists the committees that cover it, each with that building alone
    committees: (options.committees ?? []).flatMap((c) =>
      only === undefined ? [c] : c.buildings.includes(only) ? [{ ...c, buildings: [only] }] : [],
    ),
    households: householdRows.map((h) => ({
      building: h.buildingId,
      unit: h.unit,
      members: (membersOf.get(h.id) ?? []).map((m) => m.userId),
    })),
    needs,
    offers: rows.offerRows.map((o) => offerForExport(o, options.timezone)),
    votes: voteRows.map((v) => voteForExport(v, ballotsOf.get(v.id) ?? [], (id) => unitOf.get(id), options.timezone)),
    buys: buyRows.map((b) => exportBuy(b, iso)),
    notices: noticeRows.map((n) => noticeForExport(n, n.acknowledged, options.timezone, only)),
    surveys: rows.surveyRows.map((s) => ({
      building: s.building,
      households: s.households,
      answered: s.answered,
      counts: s.counts,
    })),
    shifts: rows.shiftRows.map((s) => shiftForExport(s, s.volunteers, options.timezone)),
    calls: rows.callRows.map((c) => callForExport(c, c.waves, c.answers, options.timezone)),
    audit,
  };
}

/** `items` by `key`, each group in the items' order (one pass: a city has tens of thousands of households). */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
