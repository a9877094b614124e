import { csvDocument } from '../../core/csv.ts';
import type { Cell } from '../../core/workbook.ts';
import type { ExportSource } from './export.view.ts';
import { cellsOf, exportTables } from './export-tables.ts';

/**
 * The export as CSV files, one per table of `exportTables` (SPEC §5), headed by the column keys: nested lists
 * (household members, vote options and ballots, buy orders) get their own file keyed by the parent's id. UTF-8 with a
 * byte order mark, so Chinese text opens intact in spreadsheets.
 */
export function exportToCsvFiles(doc: ExportSource): Record<string, string> {
  return Object.fromEntries(
    exportTables.map((table) => [
      `${table.name}.csv`,
      csvDocument([
        table.columns.map((c) => c.key),
        ...Array.from(table.rows(doc), (row) => cellsOf(row, table.columns).map(csvCell)),
      ]),
    ]),
  );
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
