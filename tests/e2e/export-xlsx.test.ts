import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { exportTables } from '../../src/features/export/export-tables.ts';
import { parseCsv } from './csv.ts';
import { startTestBot, type TestBot, world } from './harness.ts';
import { sheetsAsShown } from './soffice.ts';

// The export's workbook opened in the program a clerk uses: LibreOffice converts it back to CSV, sheet by sheet,
// values as shown, and every cell must say what the CSV export says (SPEC §5; issue #24).

let t: TestBot;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A CSV export cell as LibreOffice shows the workbook's cell of that kind. */
function asShown(kind: string, value: string): string {
  if (value === '') return '';
  if (kind === 'time') return value.slice(0, 16).replace('T', ' ');
  if (kind === 'flag') return value.toUpperCase();
  if (kind === 'money')
    return Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return value;
}

it('writes a workbook LibreOffice reads back cell for cell as the CSV files: Chinese, ids as text, times, amounts', {
  timeout: 120_000,
}, async () => {
  t = await startTestBot();
  const b3 = world.b3.chatId;
  await t.send(b3, world.admin.id, '/home 1001');
  await t.send(b3, world.bob.id, '/home 301');
  await t.send(b3, world.alice.id, '/home 1502');
  await t.send(b3, world.admin.id, '/need !! #药 胰岛素两盒，送到门口 "谢谢", 急');
  await t.send(world.bob.id, world.bob.id, '/need 私密内容 SECRET-TEXT');
  await t.send(b3, world.bob.id, '/buy 鸡蛋 一盒 | 1234.5 | limit 3');
  await t.send(b3, world.alice.id, '/order 1 2');
  await t.send(b3, world.admin.id, '/order 1 1');
  await t.send(b3, world.bob.id, '/paid 1 1502 100.05');
  await t.send(b3, world.admin.id, '/vote 门口消杀时间？ | 上午 | 下午');
  await t.send(world.admin.id, world.admin.id, '/notice all 明天 8:00 核酸检测');

  const dbPath = t.app.database.sqlite.name;
  await t.app.stop();
  const dir = mkdtempSync(join(tmpdir(), 'export-xlsx-'));
  dirs.push(dir);
  const env = { DB_PATH: dbPath, BOT_CONFIG: 'bot.config.json' };
  const lines: string[] = [];
  const cli = (args: string[]) =>
    runCli(
      args,
      env,
      (l) => lines.push(l),
      (l) => lines.push(l),
    );
  expect(await cli(['export', '--format', 'xlsx'])).toBe(2);
  expect(lines.at(-1)).toContain('export --format xlsx needs --out FILE.xlsx');
  const file = join(dir, 'export.xlsx');
  expect(await cli(['export', '--format', 'xlsx', '--out', file])).toBe(0);
  expect(lines.at(-1)).toMatch(new RegExp(`: ${exportTables.length + 1} sheets; 2 needs, \\d+ audit entries$`));
  expect(await cli(['export', '--format', 'csv', '--out', join(dir, 'csv')])).toBe(0);

  const { sheets, raw } = await sheetsAsShown(file);
  // bot.config.json's language is Chinese: the first sheet says what each sheet holds, in Chinese
  const about = sheets.get('说明')!;
  expect(about[0]).toEqual(['互助数据导出', '', '']);
  expect(about[1]![0]).toBe('导出时间');
  expect(about[1]![1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const listed = about.slice(about.findIndex((r) => r[0] === '工作表') + 1);
  expect(listed).toHaveLength(exportTables.length);

  for (const [i, table] of exportTables.entries()) {
    const [sheetName, rowCount] = listed[i]!;
    const shown = sheets.get(sheetName!)!;
    const csv = parseCsv(readFileSync(join(dir, 'csv', `${table.name}.csv`)));
    expect(shown, table.name).toBeDefined();
    expect(Number(rowCount), table.name).toBe(csv.length - 1);
    expect(shown.length, table.name).toBe(csv.length);
    // headers in the config's language: none is left as its key
    for (const [c, column] of table.columns.entries())
      expect(shown[0]![c], `${table.name}.${column.key}`).not.toBe(column.key);
    for (let r = 1; r < csv.length; r++)
      expect(shown[r], `${table.name} row ${r}`).toEqual(
        table.columns.map((column, c) => asShown(column.kind, csv[r]![c]!)),
      );
  }

  const needs = sheets.get('需求')!;
  expect(needs[0]!.slice(0, 6)).toEqual(['编号', '楼栋', '状态', '紧急程度', '类别', '内容']);
  expect(needs[1]![5]).toBe('胰岛素两盒，送到门口 "谢谢", 急');
  expect(needs[1]![7]).toBe(String(world.admin.id));
  // a private need as in the JSON export: no text, no requester, no unit
  expect(needs[2]!.slice(5, 9)).toEqual(['', 'TRUE', '', '']);
  expect([...sheets.values()].flat(2).join('\n')).not.toContain('SECRET-TEXT');
  expect(sheets.get('楼栋')![1]).toEqual(['b3', '3号楼', String(world.b3.chatId)]);
  // ids are text cells (quoted: LibreOffice quotes text, not numbers), never numbers shown as 1E+08
  expect(raw.get('楼栋')).toContain(`"${world.b3.chatId}"`);
  expect(raw.get('需求')).toContain(`"${world.admin.id}"`);
  expect(raw.get('投票选项')).toMatch(/"1",0,"上午",0/);
  expect(sheets.get('团购账目')!.slice(1)).toEqual([
    ['1', '1001', '1,234.50', '0.00'],
    ['1', '1502', '2,469.00', '100.05'],
  ]);
});
