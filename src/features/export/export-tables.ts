import type { Cell, CellKind } from '../../core/workbook.ts';
import type { ExportSource } from './export.view.ts';

/** A table's rows: a list, or a stream read as it is written that knows its length beforehand (the needs). */
export type Rows<R> = Iterable<R> & { readonly length: number };

type Row = Record<string, Cell>;

/**
 * One flat table of the export (SPEC §5): a CSV file (`<name>.csv`, headers the column keys) and a sheet of the
 * workbook (headers in the config's language). Both are written from this one definition, so a table added here
 * appears in both.
 */
export interface ExportTable {
  name: string;
  /** The columns in order, each with the kind of its cells (how the workbook stores them). */
  columns: ReadonlyArray<{ key: string; kind: CellKind }>;
  rows(source: ExportSource): Rows<Row>;
}

/**
 * A table whose `kinds` name every key of its rows, in column order: the compiler refuses a key left out or one
 * the rows do not have.
 */
function table<R extends Row>(
  name: string,
  kinds: NoInfer<{ [K in keyof R]-?: CellKind }>,
  rows: (source: ExportSource) => Rows<R>,
): ExportTable {
  return {
    name,
    columns: Object.entries(kinds).map(([key, kind]) => ({ key, kind: kind as CellKind })),
    rows,
  };
}

/**
 * Every table of the export, in the order of the files and sheets. Nested lists (household members, vote options
 * and ballots, buy items, orders and accounts, call waves) get their own table keyed by the parent's id; lists of
 * ids in one cell are separated by spaces.
 */
export const exportTables: readonly ExportTable[] = [
  table('buildings', { id: 'id', name: 'text', chatId: 'id' }, (s) => s.buildings),
  table('committees', { id: 'id', name: 'text', buildings: 'id' }, (s) =>
    s.committees.map((c) => ({ ...c, buildings: c.buildings.join(' ') })),
  ),
  table('households', { building: 'id', unit: 'id', members: 'id' }, (s) =>
    s.households.map((h) => ({ building: h.building, unit: h.unit, members: h.members.join(' ') })),
  ),
  table(
    'needs',
    {
      id: 'id',
      building: 'id',
      status: 'text',
      priority: 'text',
      category: 'text',
      text: 'text',
      private: 'flag',
      requester: 'id',
      unit: 'id',
      claimedBy: 'id',
      createdAt: 'time',
      claimedAt: 'time',
      doneAt: 'time',
      repeat: 'text',
      offer: 'id',
    },
    (s) => s.needs,
  ),
  table(
    'offers',
    {
      id: 'id',
      building: 'id',
      category: 'text',
      text: 'text',
      status: 'text',
      offeredBy: 'id',
      unit: 'id',
      need: 'id',
      createdAt: 'time',
    },
    (s) => s.offers,
  ),
  table(
    'surveys',
    {
      building: 'id',
      households: 'integer',
      answered: 'integer',
      elderlyAlone: 'integer',
      regularMedicine: 'integer',
      hospitalTreatment: 'integer',
      limitedMobility: 'integer',
      pregnant: 'integer',
      infants: 'integer',
      pets: 'integer',
      phoneHelp: 'integer',
    },
    (s) => s.surveys.map(({ counts, ...survey }) => ({ ...survey, ...counts })),
  ),
  table(
    'votes',
    {
      id: 'id',
      building: 'id',
      question: 'text',
      status: 'text',
      perHousehold: 'flag',
      anonymous: 'flag',
      quorum: 'text',
      closesAt: 'time',
    },
    (s) =>
      s.votes.map(({ options: _options, ballots: _ballots, quorum, ...vote }) => ({
        ...vote,
        quorum: quorum === null ? '' : 'count' in quorum ? String(quorum.count) : `${quorum.percent}%`,
      })),
  ),
  table('vote_options', { vote: 'id', option: 'integer', text: 'text', count: 'integer' }, (s) =>
    s.votes.flatMap((v) => v.options.map((o, index) => ({ vote: v.id, option: index, text: o.text, count: o.count }))),
  ),
  table('ballots', { vote: 'id', voter: 'id', unit: 'id', option: 'integer' }, (s) =>
    s.votes.flatMap((v) =>
      (v.ballots ?? []).map((b) => ({ vote: v.id, voter: b.voter, unit: b.unit, option: b.option })),
    ),
  ),
  table(
    'buys',
    {
      id: 'id',
      building: 'id',
      item: 'text',
      price: 'money',
      status: 'text',
      min: 'integer',
      max: 'integer',
      limit: 'integer',
      closesAt: 'time',
      minAmount: 'money',
      paymentInfo: 'text',
      cost: 'money',
      settledAt: 'time',
    },
    (s) => s.buys.map(({ orders: _orders, items: _items, accounts: _accounts, ...buy }) => buy),
  ),
  table(
    'buy_items',
    { buy: 'id', item: 'integer', name: 'text', price: 'money', max: 'integer', limit: 'integer' },
    (s) => s.buys.flatMap((b) => b.items.map((i, index) => ({ buy: b.id, item: index, ...i }))),
  ),
  table(
    'orders',
    { buy: 'id', unit: 'id', quantity: 'integer', paid: 'flag', delivered: 'flag', item: 'integer', amount: 'money' },
    (s) => s.buys.flatMap((b) => b.orders.map((o) => ({ buy: b.id, ...o }))),
  ),
  table('buy_accounts', { buy: 'id', unit: 'id', due: 'money', paid: 'money' }, (s) =>
    s.buys.flatMap((b) => b.accounts.map((a) => ({ buy: b.id, ...a }))),
  ),
  table(
    'shifts',
    { id: 'id', building: 'id', task: 'text', start: 'time', end: 'time', needed: 'integer', volunteers: 'id' },
    (s) => s.shifts.map((shift) => ({ ...shift, volunteers: shift.volunteers.join(' ') })),
  ),
  table(
    'calls',
    {
      id: 'id',
      building: 'id',
      task: 'text',
      status: 'text',
      waves: 'integer',
      answered: 'integer',
      homeVisits: 'integer',
    },
    (s) =>
      s.calls.map(({ waves, answered, homeVisits, ...call }) => ({
        ...call,
        waves: waves.length,
        answered: answered.length,
        homeVisits: homeVisits.length,
      })),
  ),
  table('call_waves', { call: 'id', wave: 'integer', from: 'integer', to: 'integer', at: 'time' }, (s) =>
    s.calls.flatMap((c) =>
      c.waves.map((w, index) => ({ call: c.id, wave: index, from: w.floors[0], to: w.floors[1], at: w.at })),
    ),
  ),
  table(
    'notices',
    { id: 'id', buildings: 'id', level: 'text', text: 'text', sentAt: 'time', acknowledged: 'integer' },
    (s) => s.notices.map((n) => ({ ...n, buildings: n.buildings.join(' ') })),
  ),
  table('audit', { at: 'time', actor: 'id', action: 'text', subject: 'text' }, (s) => s.audit),
];

/** The cells of a row in `columns` order (a key the row lacks is an empty cell). */
export function cellsOf(row: Row, columns: ExportTable['columns']): Cell[] {
  return columns.map((c) => row[c.key] ?? null);
}
