// Excel workbooks (.xlsx) for the clerks, floor volunteers and offices whose tools want spreadsheets: the cell kinds
// both the export and the delivery sheets use, and small workbooks rendered from a plain model.
//
// The library is exceljs (MIT, some 18 million downloads a month, pinned): it is the one well-kept JavaScript library
// that writes a workbook as a stream (`stream.xlsx.WorkbookWriter`, rows written out as they are added), which the
// export of a million needs requires; its in-memory `Workbook` renders the small sheets with print settings. A cell's
// text is always written as a string, never as a formula, so a resident's `=HYPERLINK(...)` stays text.
// exceljs is loaded when a workbook is first rendered: a bot that never sends one does not hold it (~20 MB)
import type ExcelJS from 'exceljs';

/**
 * What a column holds, which decides how its cells are stored: `id` (ids, units, user and chat ids) as text, so
 * `300000001` never shows as `3E+08` and `0301` keeps its zero; `time` (an ISO time with offset) as a real date in
 * that offset's wall-clock time; `money` (an exact decimal string such as `45.50`) as a number with two decimals;
 * `integer` as a number; `flag` as TRUE/FALSE; `text` as typed.
 */
export type CellKind = 'id' | 'text' | 'integer' | 'money' | 'time' | 'flag';

/** A cell as the models carry it: JSON-safe (the outbox stores a workbook model until it is sent). */
export type Cell = string | number | boolean | null;

/** The largest number of rows a sheet can have (Excel's and LibreOffice's limit). */
export const MAX_SHEET_ROWS = 1_048_576;
/** The longest text a cell may hold. */
const MAX_CELL_TEXT = 32_767;

export const numberFormats = { money: '#,##0.00', time: 'yyyy-mm-dd hh:mm', id: '@' } as const;

// One style object per kind, shared by every cell of that kind: exceljs recognises a style object it has seen
// (a WeakMap) instead of rendering it again for each of a million cells.
// Frozen: `cell.font = …` would change the shared object, and every cell of the kind with it.
const kindStyles: Record<CellKind, Partial<ExcelJS.Style>> = deepFreeze({
  id: { numFmt: numberFormats.id },
  text: {},
  integer: {},
  money: { numFmt: numberFormats.money },
  time: { numFmt: numberFormats.time },
  flag: { alignment: { horizontal: 'center' } },
});

/** The header row's look: bold on a light grey band, a line under it. */
export const headerStyle: Partial<ExcelJS.Style> = deepFreeze({
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } },
  border: { bottom: { style: 'thin' } },
  alignment: { vertical: 'middle' },
});

/** A title's look: bold and larger. */
export const titleStyle: Partial<ExcelJS.Style> = deepFreeze({ font: { bold: true, size: 13 } });

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

/** The style every cell of `kind` shares. */
export function styleOf(kind: CellKind): Partial<ExcelJS.Style> {
  return kindStyles[kind];
}

const DAY_MS = 86_400_000;
/** 1970-01-01 as a spreadsheet date serial (days since 1899-12-30). */
const EPOCH_SERIAL = 25_569;

/**
 * The spreadsheet date serial of an ISO time's wall-clock part (`2026-04-01T20:00:00+08:00` → 20:00 on that day):
 * spreadsheet dates have no time zone, and the export's times are in the configured one. Undefined when `iso` is
 * not such a time.
 */
export function dateSerial(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / DAY_MS + EPOCH_SERIAL;
}

/** The value stored for a cell of `kind`: see {@link CellKind}. Null stays an empty cell. */
export function cellValue(kind: CellKind, value: Cell): ExcelJS.CellValue {
  if (value === null) return null;
  switch (kind) {
    case 'id':
      return String(value);
    case 'money':
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : String(value);
    }
    case 'time':
      return typeof value === 'string' ? (dateSerial(value) ?? value) : value;
    case 'flag':
      return typeof value === 'boolean' ? value : value === 'true' || value === 1;
    default:
      return typeof value === 'string' && value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value;
  }
}

/** How many columns `text` takes on screen: a Chinese character (or a full-width form) counts two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/** What a value of `kind` looks like in its cell, to size the column. */
function shownWidth(kind: CellKind, value: Cell): number {
  if (value === null) return 0;
  if (kind === 'time') return 16;
  if (kind === 'money') return (typeof value === 'number' ? value.toFixed(2) : String(value)).length + 2;
  if (kind === 'flag') return 5;
  return displayWidth(String(value));
}

/** A column wide enough for its header and the values seen (`samples`), within sensible bounds. */
export function columnWidth(header: string, kind: CellKind, samples: Iterable<Cell>): number {
  let widest = displayWidth(header);
  for (const value of samples) widest = Math.max(widest, shownWidth(kind, value));
  return Math.min(Math.max(widest + 2, kind === 'time' ? 18 : 6), kind === 'text' ? 60 : 30);
}

/** A sheet name spreadsheets accept: no `[]:*?/\`, at most 31 characters. */
export function sheetName(name: string): string {
  return (
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet'
  );
}

/** A column of a {@link SheetModel}'s table. */
export interface ColumnModel {
  header: string;
  kind: CellKind;
  /** At least this wide (room to write in by hand). */
  minWidth?: number;
  /** Centred (a box to tick). */
  center?: boolean;
}

/** A line above a sheet's table (a title, a total): its cells, each with a kind, the first one bold if asked. */
export interface LineModel {
  cells: Array<{ value: Cell; kind?: CellKind }>;
  bold?: boolean;
}

/** One printable sheet: lines above a table, the table with its header row, and an optional bold total row. */
export interface SheetModel {
  name: string;
  lines: LineModel[];
  columns: ColumnModel[];
  rows: Cell[][];
  total?: Cell[];
  landscape?: boolean;
  /** The table's rows this tall, in points (room to tick and write on paper); the default otherwise. */
  rowHeight?: number;
}

/** A small workbook as plain data, rendered when it is needed (the outbox renders it when it sends it). */
export interface WorkbookModel {
  /** When it was made (ISO): the workbook's creation date, so the same model always renders the same file. */
  created: string;
  sheets: SheetModel[];
}

const thin = { style: 'thin' } as const;
const gridBorder: Partial<ExcelJS.Borders> = { top: thin, bottom: thin, left: thin, right: thin };

/**
 * Renders a small workbook (a delivery sheet, a few hundred rows) to the bytes of an .xlsx file: each sheet ready
 * to print (A4, fit to the page's width, its header row repeated on every page, the sheet's name and page number in
 * the footer), frozen under its header, with grid lines around the table.
 */
export async function renderWorkbook(model: WorkbookModel): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'mutual-aid-bot';
  workbook.created = new Date(model.created);
  workbook.modified = workbook.created;
  const used = new Set<string>();
  for (const sheet of model.sheets) {
    let name = sheetName(sheet.name);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = sheetName(`${sheet.name.slice(0, 26)} (${n})`);
    used.add(name.toLowerCase());
    const headerRow = sheet.lines.length + 1;
    const ws = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: headerRow }],
      pageSetup: {
        paperSize: 9,
        orientation: sheet.landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${headerRow}:${headerRow}`,
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&A · &P / &N' },
    });
    for (const line of sheet.lines) {
      const row = ws.addRow(line.cells.map((c) => cellValue(c.kind ?? 'text', c.value)));
      line.cells.forEach((c, i) => {
        row.getCell(i + 1).style = line.bold && i === 0 ? titleStyle : styleOf(c.kind ?? 'text');
      });
    }
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.style = { ...headerStyle, border: gridBorder };
    });
    const body = sheet.total ? [...sheet.rows, sheet.total] : sheet.rows;
    body.forEach((values, r) => {
      const row = ws.addRow(sheet.columns.map((c, i) => cellValue(c.kind, values[i] ?? null)));
      const isTotal = sheet.total !== undefined && r === body.length - 1;
      if (sheet.rowHeight !== undefined) row.height = sheet.rowHeight;
      sheet.columns.forEach((c, i) => {
        row.getCell(i + 1).style = {
          ...styleOf(c.kind),
          alignment: { vertical: 'middle', ...(c.center ? { horizontal: 'center' } : {}) },
          border: isTotal ? { ...gridBorder, top: { style: 'medium' } } : gridBorder,
          ...(isTotal ? { font: { bold: true } } : {}),
        };
      });
    });
    // wide enough for the table and the lines above it (a title may run on over the next cells)
    sheet.columns.forEach((c, i) => {
      const above = sheet.lines.filter((l) => !l.bold).map((l) => l.cells[i]);
      ws.getColumn(i + 1).width = Math.max(
        c.minWidth ?? 0,
        columnWidth(
          c.header,
          c.kind,
          body.map((values) => values[i] ?? null),
        ),
        ...above.map((cell) => (cell ? columnWidth('', cell.kind ?? 'text', [cell.value]) : 0)),
      );
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
