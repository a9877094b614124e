import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../../src/bot/i18n.ts';
import type { MessageKey } from '../../../src/core/message-keys.ts';
import { inLanguage } from '../../../src/core/translate.ts';
import type { ExportDocument } from '../../../src/features/export/export.view.ts';
import { exportToCsvFiles } from '../../../src/features/export/export-csv.ts';
import { exportTables } from '../../../src/features/export/export-tables.ts';
import { hasSheetBackpressure, writeExportWorkbook } from '../../../src/features/export/export-xlsx.ts';

// The workbook of the export, read back with exceljs: its sheets, headers and cell types (the round trip through
// LibreOffice itself is tests/e2e/export-xlsx.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'export-xlsx-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const translate = translatorOf(createI18n());

const at = '2026-04-01T20:05:09+08:00';
/** One row in every table. */
const doc: ExportDocument = {
  exportedAt: at,
  buildings: [{ id: 'b3', name: '3号楼', chatId: -1001000000003 }],
  committees: [{ id: 'c1', name: '新江湾居委', buildings: ['b3', 'b7'] }],
  households: [{ building: 'b3', unit: '0301', members: [300000001, 300000002] }],
  needs: [
    {
      id: 1,
      building: 'b3',
      status: 'claimed',
      priority: 'urgent',
      category: 'medicine',
      text: '=HYPERLINK("x") 胰岛素',
      private: false,
      requester: 300000001,
      unit: '0301',
      claimedBy: 300000002,
      createdAt: at,
      claimedAt: at,
      doneAt: null,
      repeat: 'week',
      offer: 4,
    },
  ],
  offers: [
    {
      id: 4,
      building: 'b3',
      category: 'medicine',
      text: '多余的胰岛素笔针头',
      status: 'given',
      offeredBy: 300000002,
      unit: '0302',
      need: 1,
      createdAt: at,
    },
  ],
  votes: [
    {
      id: 2,
      building: 'b3',
      question: '门口消杀？',
      status: 'open',
      perHousehold: true,
      anonymous: false,
      quorum: { percent: 50 },
      closesAt: at,
      options: [{ text: '上午', count: 1 }],
      ballots: [{ voter: 300000001, unit: '0301', option: 0 }],
    },
  ],
  buys: [
    {
      id: 3,
      building: 'b3',
      item: '鸡蛋',
      price: '1234.50',
      status: 'confirmed',
      min: null,
      max: 10,
      limit: 2,
      closesAt: at,
      orders: [{ unit: '0301', quantity: 2, paid: true, delivered: false, item: 0, amount: '2469.00' }],
      items: [{ name: '鸡蛋', price: '1234.50', max: 10, limit: 2 }],
      minAmount: null,
      paymentInfo: null,
      cost: '2000.00',
      settledAt: null,
      accounts: [{ unit: '0301', due: '2469.00', paid: '2469.00' }],
    },
  ],
  notices: [{ id: 4, buildings: ['b3', 'b7'], level: 'red', text: '停水', sentAt: at, acknowledged: 3 }],
  surveys: [
    {
      building: 'b3',
      households: 20,
      answered: 5,
      counts: {
        elderlyAlone: 1,
        regularMedicine: 2,
        hospitalTreatment: 0,
        limitedMobility: 0,
        pregnant: 0,
        infants: 1,
        pets: 3,
        phoneHelp: 0,
      },
    },
  ],
  shifts: [{ id: 5, building: 'b3', task: '消杀', start: at, end: at, needed: 2, volunteers: [300000002] }],
  calls: [
    {
      id: 6,
      building: 'b3',
      task: '核酸',
      status: 'ended',
      waves: [{ floors: [1, 3], at }],
      answered: ['0301'],
      homeVisits: [],
    },
  ],
  audit: [{ at, actor: 300000001, action: 'need.open', subject: 'need:1' }],
};

async function written(options: { rowsPerSheet?: number; language?: 'en' | 'zh' } = {}) {
  const file = join(dir, `export-${options.language ?? 'en'}-${options.rowsPerSheet ?? 0}.xlsx`);
  const tables = await writeExportWorkbook(doc, file, {
    t: inLanguage(translate, options.language ?? 'en'),
    timezone: 'Asia/Shanghai',
    ...(options.rowsPerSheet ? { rowsPerSheet: options.rowsPerSheet } : {}),
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return { tables, workbook };
}

describe('the tables of the export', () => {
  it('give each row exactly the columns they declare, and the CSV files those columns as headers', () => {
    const csv = exportToCsvFiles(doc);
    for (const table of exportTables) {
      const rows = [...table.rows(doc)];
      expect(rows.length, table.name).toBeGreaterThan(0);
      for (const row of rows)
        expect(Object.keys(row).sort(), table.name).toEqual(table.columns.map((c) => c.key).sort());
      expect(csv[`${table.name}.csv`]!.split('\r\n')[0], table.name).toBe(
        `\uFEFF${table.columns.map((c) => c.key).join(',')}`,
      );
    }
  });

  it('have a sheet name, a line for the first sheet and a header for each column in English and Chinese', () => {
    const kebab = (name: string) => name.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const keys = exportTables.flatMap((table) => [
      `export-sheet-${kebab(table.name)}`,
      `export-holds-${kebab(table.name)}`,
      ...table.columns.map((c) => `export-column-${kebab(c.key)}`),
    ]);
    for (const language of ['en', 'zh'] as const)
      for (const key of keys) expect(translate(language, key as MessageKey), `${language} ${key}`).not.toBe(`{${key}}`);
  });
});

describe('writeExportWorkbook', () => {
  it('writes a first sheet saying what it holds, then a sheet per table, frozen under headers in the language', async () => {
    const { tables, workbook } = await written({ language: 'zh' });
    const names = workbook.worksheets.map((ws) => ws.name);
    expect(names[0]).toBe('说明');
    expect(names.slice(1)).toEqual(tables.map((t) => t.sheets[0]));
    expect(tables.map((t) => t.table)).toEqual(exportTables.map((t) => t.name));
    const about = workbook.getWorksheet('说明')!;
    expect(about.getCell('A1').value).toBe('互助数据导出');
    expect(about.getCell('A2').value).toBe('导出时间');
    expect(about.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm');
    const needs = workbook.getWorksheet('需求')!;
    expect(needs.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((needs.getRow(1).values as unknown[]).slice(1, 7)).toEqual([
      '编号',
      '楼栋',
      '状态',
      '紧急程度',
      '类别',
      '内容',
    ]);
    expect(needs.getCell('A1').font?.bold).toBe(true);
    // column widths sized for their contents
    expect(needs.getColumn(6).width).toBeGreaterThan(20);
  });

  it('stores ids and units as text, times as dates of the local time, amounts as numbers, texts never as formulas', async () => {
    const { workbook } = await written();
    const needs = workbook.getWorksheet('Needs')!;
    const row = needs.getRow(2);
    expect(row.getCell(1).value).toBe('1');
    expect(row.getCell(6).value).toBe('=HYPERLINK("x") 胰岛素');
    expect(row.getCell(6).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(7).value).toBe(false);
    expect(row.getCell(8).value).toBe('300000001');
    expect(row.getCell(9).value).toBe('0301');
    // exceljs reads a date cell as a Date in UTC terms: the wall-clock time of Shanghai
    expect(row.getCell(11).value).toEqual(new Date('2026-04-01T20:05:09Z'));
    expect(row.getCell(11).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row.getCell(13).value).toBeNull();
    expect(workbook.getWorksheet('Buildings')!.getCell('C2').value).toBe('-1001000000003');
    const buys = workbook.getWorksheet('Group buys')!;
    expect(buys.getCell('D2').value).toBe(1234.5);
    expect(buys.getCell('D2').numFmt).toBe('#,##0.00');
    expect(workbook.getWorksheet('Households')!.getCell('C2').value).toBe('300000001 300000002');
    expect(workbook.getWorksheet('Votes')!.getCell('G2').value).toBe('50%');
    expect(workbook.getWorksheet('Surveys')!.getCell('B2').value).toBe(20);
  });

  it('goes on in a second sheet of the same table past a sheet’s rows', async () => {
    const many = { ...doc, needs: Array.from({ length: 7 }, (_, i) => ({ ...doc.needs[0]!, id: i + 1 })) };
    const file = join(dir, 'many.xlsx');
    const tables = await writeExportWorkbook(many, file, {
      t: inLanguage(translate, 'en'),
      timezone: 'Asia/Shanghai',
      rowsPerSheet: 3,
    });
    expect(tables.find((t) => t.table === 'needs')).toEqual({
      table: 'needs',
      sheets: ['Needs', 'Needs (2)', 'Needs (3)'],
      rows: 7,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(['Needs', 'Needs (2)', 'Needs (3)'].map((name) => workbook.getWorksheet(name)!.rowCount)).toEqual([4, 4, 2]);
    expect(workbook.getWorksheet('Needs (3)')!.getCell('A2').value).toBe('7');
  });

  it('finds the pipe it waits on inside exceljs (pinned): else a million needs would wait in memory', async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, 'probe.xlsx') });
    const sheet = workbook.addWorksheet('probe');
    sheet.addRow(['x']).commit();
    expect(hasSheetBackpressure(sheet)).toBe(true);
    sheet.commit();
    await workbook.commit();
  });
});
