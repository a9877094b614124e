import { csvDocument } from '../../core/csv.ts';
import type { ExportDocument } from './export.view.ts';

type Row = Record<string, string | number | boolean | null | undefined>;

/**
 * The export as CSV files, one per entity (SPEC §5): nested lists (household members, vote options and
 * ballots, buy orders) get their own file keyed by the parent's id. UTF-8 with a byte order mark, so Chinese
 * text opens intact in spreadsheets.
 */
export function exportToCsvFiles(doc: ExportDocument): Record<string, string> {
  return {
    'buildings.csv': toCsv(doc.buildings),
    'committees.csv': toCsv(doc.committees.map((c) => ({ ...c, buildings: c.buildings.join(' ') }))),
    'households.csv': toCsv(
      doc.households.map((h) => ({ building: h.building, unit: h.unit, members: h.members.join(' ') })),
    ),
    'needs.csv': toCsv(doc.needs),
    'surveys.csv': toCsv(doc.surveys.map(({ counts, ...s }) => ({ ...s, ...counts }))),
    'votes.csv': toCsv(
      doc.votes.map(({ options: _options, ballots: _ballots, quorum, ...v }) => ({
        ...v,
        quorum: quorum === null ? '' : 'count' in quorum ? String(quorum.count) : `${quorum.percent}%`,
      })),
    ),
    'vote_options.csv': toCsv(
      doc.votes.flatMap((v) =>
        v.options.map((o, index) => ({ vote: v.id, option: index, text: o.text, count: o.count })),
      ),
    ),
    'ballots.csv': toCsv(
      doc.votes.flatMap((v) =>
        (v.ballots ?? []).map((b) => ({ vote: v.id, voter: b.voter, unit: b.unit, option: b.option })),
      ),
    ),
    'buys.csv': toCsv(doc.buys.map(({ orders: _orders, items: _items, accounts: _accounts, ...b }) => b)),
    'buy_items.csv': toCsv(doc.buys.flatMap((b) => b.items.map((i, index) => ({ buy: b.id, item: index, ...i })))),
    'orders.csv': toCsv(doc.buys.flatMap((b) => b.orders.map((o) => ({ buy: b.id, ...o })))),
    'buy_accounts.csv': toCsv(doc.buys.flatMap((b) => b.accounts.map((a) => ({ buy: b.id, ...a })))),
    'shifts.csv': toCsv(doc.shifts.map((s) => ({ ...s, volunteers: s.volunteers.join(' ') }))),
    'calls.csv': toCsv(
      doc.calls.map(({ waves, answered, homeVisits, ...c }) => ({
        ...c,
        waves: waves.length,
        answered: answered.length,
        homeVisits: homeVisits.length,
      })),
    ),
    'call_waves.csv': toCsv(
      doc.calls.flatMap((c) =>
        c.waves.map((w, index) => ({ call: c.id, wave: index, from: w.floors[0], to: w.floors[1], at: w.at })),
      ),
    ),
    'notices.csv': toCsv(doc.notices.map((n) => ({ ...n, buildings: n.buildings.join(' ') }))),
    'audit.csv': toCsv(doc.audit),
  };
}

function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return csvDocument([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))]);
}

function cell(value: Row[string]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
