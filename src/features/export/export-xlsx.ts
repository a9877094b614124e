import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { MessageKey } from '../../core/message-keys.ts';
import type { T } from '../../core/translate.ts';
import {
  type Cell,
  type CellKind,
  cellValue,
  columnWidth,
  headerStyle,
  MAX_SHEET_ROWS,
  sheetName,
  styleOf,
  titleStyle,
} from '../../core/workbook.ts';
import type { ExportSource } from './export.view.ts';
import { cellsOf, type ExportTable, exportTables } from './export-tables.ts';

/** What one table became in the workbook: its sheets (a second one past a sheet's row limit) and its rows. */
export interface WrittenTable {
  table: string;
  sheets: string[];
  rows: number;
}

/** Rows sampled at the top of a table to size its columns (the rest are written as they come). */
const WIDTH_SAMPLE = 200;
/** Bytes of a sheet's XML allowed to wait for the zip before the writer waits for it. */
const BUFFERED_LIMIT = 1024 * 1024;

/**
 * Writes the export (SPEC §5) as one workbook at `file`: a first sheet saying what it holds and when it was made,
 * then a sheet per table of `exportTables` (the CSV files' tables and columns, headers in `t`'s language), each
 * frozen under its header row with a filter on it. Ids and units are text, times real dates in the export's time zone,
 * amounts numbers with two decimals. Written as a stream with exceljs: memory stays flat however many needs there are.
 */
export async function writeExportWorkbook(
  source: ExportSource,
  file: string,
  options: { t: T; timezone: string; building?: string; rowsPerSheet?: number },
): Promise<WrittenTable[]> {
  const { t } = options;
  const output = createWriteStream(file);
  const failed = once(output, 'error').then(([err]) => {
    throw err;
  });
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'mutual-aid-bot';
  const made = new Date();
  workbook.created = made;
  workbook.modified = made;
  const used = new Set<string>();
  const uniqueName = (wanted: string): string => {
    let name = sheetName(wanted);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = sheetName(`${wanted.slice(0, 26)} (${n})`);
    used.add(name.toLowerCase());
    return name;
  };
  const tables = exportTables.map((table) => ({
    table,
    rows: table.rows(source),
    name: uniqueName(sheetOf(t, table)),
  }));

  const about = workbook.addWorksheet(uniqueName(t('export-about-sheet')));
  about.columns = [{ width: 24 }, { width: 14 }, { width: 90 }];
  const line = (cells: Array<{ value: Cell; kind?: CellKind }>, bold = false) => {
    const row = about.addRow(cells.map((c) => cellValue(c.kind ?? 'text', c.value)));
    cells.forEach((c, i) => {
      row.getCell(i + 1).style = bold && i === 0 ? titleStyle : styleOf(c.kind ?? 'text');
    });
    row.commit();
  };
  line([{ value: t('export-about-title') }], true);
  line([
    { value: t('export-about-made') },
    { value: source.exportedAt, kind: 'time' },
    { value: t('export-about-timezone', { timezone: options.timezone, offset: source.exportedAt.slice(19) }) },
  ]);
  line([
    { value: t('export-about-buildings') },
    { value: source.buildings.length, kind: 'integer' },
    {
      value: options.building
        ? t('export-about-one-building', { building: options.building })
        : t('export-about-all-buildings'),
    },
  ]);
  line([{ value: t('export-about-private') }, { value: null }, { value: t('export-about-private-text') }]);
  line([{ value: t('export-about-kinds') }, { value: null }, { value: t('export-about-kinds-text') }]);
  line([]);
  const header = about.addRow([t('export-about-sheet-column'), t('export-about-rows'), t('export-about-holds')]);
  header.eachCell((cell) => {
    cell.style = headerStyle;
  });
  header.commit();
  for (const { table, rows, name } of tables)
    line([
      { value: name },
      { value: rows.length, kind: 'integer' },
      { value: label(t, `export-holds-${kebab(table.name)}`, '') },
    ]);
  about.commit();

  const written: WrittenTable[] = [];
  for (const { table, rows, name } of tables) {
    written.push(
      await writeTable(workbook, table, rows, name, {
        uniqueName,
        t,
        failed,
        rowsPerSheet: options.rowsPerSheet ?? MAX_SHEET_ROWS - 1,
      }),
    );
  }
  await Promise.race([workbook.commit(), failed]);
  if (!output.closed) await Promise.race([once(output, 'close'), failed]);
  return written;
}

/** One table as its sheet (and more sheets named `<name> (2)`… past a sheet's row limit). */
async function writeTable(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  table: ExportTable,
  rows: Iterable<Record<string, Cell>>,
  name: string,
  context: { uniqueName: (wanted: string) => string; t: T; failed: Promise<never>; rowsPerSheet: number },
): Promise<WrittenTable> {
  const { uniqueName, t, failed } = context;
  const headers = table.columns.map((c) => label(t, `export-column-${kebab(c.key)}`, c.key));
  const styles = table.columns.map((c) => styleOf(c.kind));
  const iterator = rows[Symbol.iterator]();
  const sample: Cell[][] = [];
  for (let next = iterator.next(); ; next = iterator.next()) {
    if (next.done) break;
    sample.push(cellsOf(next.value, table.columns));
    if (sample.length === WIDTH_SAMPLE) break;
  }
  const widths = table.columns.map((c, i) =>
    columnWidth(
      headers[i]!,
      c.kind,
      sample.map((cells) => cells[i] ?? null),
    ),
  );
  const lastColumn = columnLetter(table.columns.length);
  const sheets: string[] = [];
  let sheet: ExcelJS.Worksheet | undefined;
  let inSheet = 0;
  let count = 0;
  const openSheet = () => {
    sheet?.commit();
    const sheetTitle = sheets.length === 0 ? name : uniqueName(`${name} (${sheets.length + 1})`);
    sheets.push(sheetTitle);
    sheet = workbook.addWorksheet(sheetTitle, {
      views: [{ state: 'frozen', ySplit: 1 }],
      autoFilter: `A1:${lastColumn}1`,
    } as Partial<ExcelJS.AddWorksheetOptions>);
    sheet.columns = widths.map((width) => ({ width }));
    const head = sheet.addRow(headers);
    head.eachCell((cell) => {
      cell.style = headerStyle;
    });
    head.commit();
    inSheet = 0;
    return sheet;
  };
  let ws = openSheet();
  const add = async (cells: Cell[]) => {
    if (inSheet === context.rowsPerSheet) ws = openSheet();
    const row = ws.addRow(cells.map((value, i) => cellValue(table.columns[i]!.kind, value)));
    for (let i = 0; i < cells.length; i++) row.getCell(i + 1).style = styles[i]!;
    row.commit();
    inSheet++;
    count++;
    if (count % 250 === 0) await drained(ws, failed);
  };
  for (const cells of sample) await add(cells);
  for (let next = iterator.next(); !next.done; next = iterator.next()) await add(cellsOf(next.value, table.columns));
  ws.commit();
  return { table: table.name, sheets, rows: count };
}

/**
 * Waits while a sheet's XML waits for the zip. exceljs hands each sheet's stream to the zip (archiver) without
 * backpressure, so a writer that never waits holds the whole sheet in memory (600 MB for a million needs); this looks
 * at what waits in that pipe (exceljs 4.4.0's internals, pinned; tests/features/export checks they are there) and
 * waits for it to drain. Where they are not found it still yields a turn, which is right but uses more memory.
 */
async function drained(sheet: ExcelJS.Worksheet, failed: Promise<never>): Promise<void> {
  type Pipe = NodeJS.EventEmitter & { _writableState?: { length: number }; writableLength?: number };
  const pipe = (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes?.[0];
  const buffered = pipe?._writableState?.length ?? pipe?.writableLength;
  if (pipe === undefined || buffered === undefined) await nextTurn();
  else if (buffered > BUFFERED_LIMIT) await Promise.race([once(pipe, 'drain'), failed]);
}

/** The exceljs internals {@link drained} relies on, for a test to check after an upgrade. */
export function hasSheetBackpressure(sheet: ExcelJS.Worksheet): boolean {
  const pipe = (sheet as unknown as { stream?: { pipes?: Array<{ _writableState?: { length: number } }> } }).stream
    ?.pipes?.[0];
  return typeof pipe?._writableState?.length === 'number';
}

/** A table's sheet name in `t`'s language (its own name when not translated). */
function sheetOf(t: T, table: ExportTable): string {
  return label(t, `export-sheet-${kebab(table.name)}`, table.name);
}

/** The message `key` in `t`'s language, or `fallback` when the locales lack it (a table or column added later). */
function label(t: T, key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === `{${key}}` ? fallback : text;
}

function kebab(name: string): string {
  return name.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The letter of the column numbered `n` from 1 (`A`, …, `Z`, `AA`). */
function columnLetter(n: number): string {
  let letters = '';
  for (let left = n; left > 0; left = Math.floor((left - 1) / 26))
    letters = String.fromCharCode(65 + ((left - 1) % 26)) + letters;
  return letters;
}
