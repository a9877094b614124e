import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';
import { sheetsAsShown } from './soffice.ts';

// The delivery sheet as an Excel workbook (SPEC §2.3, §2.12; issue #24): sent through the outbox beside the text and
// the CSV, once, and read back by LibreOffice: a summary with the money, then a sheet per floor to print.

const b3 = world.b3.chatId;
let t: TestBot;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The workbook a chat received last, as LibreOffice shows its sheets. */
async function lastWorkbook(chatId: number, filename: string) {
  const docs = t.tg.documents(chatId).filter((d) => d.filename.endsWith('.xlsx'));
  const doc = docs.at(-1)!;
  expect(doc.filename).toBe(filename);
  const dir = mkdtempSync(join(tmpdir(), 'buys-xlsx-'));
  dirs.push(dir);
  const file = join(dir, doc.filename);
  writeFileSync(file, doc.content);
  return sheetsAsShown(file);
}

it('sends the organizer the sheet as a workbook once: the money, then a sheet per floor, as LibreOffice reads it', {
  timeout: 120_000,
}, async () => {
  // many commands in one group, several messages to one DM: Telegram's pacing would only slow the test down
  t = await startTestBot({
    config: testConfigInput({
      outbox: { perGroupPerMinute: 10_000, perPrivatePerSecond: 1_000, editIntervalSeconds: 0 },
    }),
  });
  await t.send(world.bob.id, world.bob.id, '/start');
  await t.send(world.admin.id, world.admin.id, '/start');
  for (const [user, unit] of [
    [world.bob.id, '301'],
    [world.carol.id, '902'],
    [world.admin.id, '1001'],
    [world.alice.id, '1502'],
  ] as const)
    await t.send(b3, user, `/home ${unit}`);
  await t.send(b3, world.bob.id, ['/buy 周三蔬菜团', '白菜 3斤 | 15 | limit 2', '鸡蛋 一盒 | 30.50'].join('\n'));
  await t.send(b3, world.bob.id, '/order 1 1 2');
  await t.send(b3, world.bob.id, '/order 1 2 1');
  await t.send(b3, world.carol.id, '/order 1 2 3');
  await t.send(b3, world.admin.id, '/order 1 1 1');
  await t.send(b3, world.alice.id, '/order 1 2 1');
  await t.send(b3, world.bob.id, '/paid 1 301');
  await t.send(b3, world.bob.id, '/paid 1 902 50');
  await t.send(b3, world.bob.id, '/cost 1 150.25 菜场');
  await t.send(b3, world.bob.id, '/closebuy 1');

  // the text, the CSV and the workbook, each once
  expect(t.tg.documents(world.bob.id).map((d) => d.filename)).toEqual(['group-buy-1.csv', 'group-buy-1.xlsx']);
  const { sheets, raw } = await lastWorkbook(world.bob.id, 'group-buy-1.xlsx');
  expect([...sheets.keys()].sort()).toEqual(['10 楼', '15 楼', '3 楼', '9 楼', '汇总'].sort());

  // due: 301 2×15 + 30.50 = 60.50; 902 3×30.50 = 91.50; 1001 15.00; 1502 30.50 → 197.50; paid 60.50 + 50 = 110.50
  const summary = sheets.get('汇总')!;
  const value = (label: string) => summary.find((r) => r[0]?.startsWith(label))?.[1];
  expect(summary[0]![0]).toBe('送货清单 — 团购 #1：周三蔬菜团');
  expect(summary[1]!.slice(0, 2)).toEqual(['1. 白菜 3斤', '15.00']);
  expect(summary[2]!.slice(0, 2)).toEqual(['2. 鸡蛋 一盒', '30.50']);
  expect(value('应付')).toBe('197.50');
  expect(value('已付')).toBe('110.50');
  expect(value('付给供应商')).toBe('150.25');
  expect(value('差额')).toBe('-39.75');
  const table = summary.slice(summary.findIndex((r) => r[0] === '楼层'));
  expect(table).toEqual([
    ['楼层', '户数', '白菜 3斤', '鸡蛋 一盒', '数量', '应付（¥）', '已付（¥）', '已送达'],
    ['3 楼', '1', '2', '1', '3', '60.50', '60.50', '0'],
    ['9 楼', '1', '0', '3', '3', '91.50', '50.00', '0'],
    ['10 楼', '1', '1', '0', '1', '15.00', '0.00', '0'],
    ['15 楼', '1', '0', '1', '1', '30.50', '0.00', '0'],
    ['合计', '4', '3', '5', '8', '197.50', '110.50', '0'],
  ]);

  const floor3 = sheets.get('3 楼')!;
  expect(floor3[0]![0]).toBe('送货清单 — 团购 #1：周三蔬菜团 · 3 楼');
  expect(floor3.slice(1)).toEqual([
    ['订单号', '门牌', '姓名', '白菜 3斤', '鸡蛋 一盒', '数量', '应付（¥）', '已付（¥）', '已送达', '备注'],
    ['1', '301', '王 波', '2', '1', '3', '60.50', '60.50', '☐', ''],
    ['', '合计', '1 户', '2', '1', '3', '60.50', '60.50', '', ''],
  ]);
  // the unit is a text cell (LibreOffice quotes text), the amounts numbers
  expect(raw.get('3 楼')).toContain('1,"301","王 波",2,1,3,60.50,60.50,"☐"');

  // a floor volunteer's sheet: that floor only, its money without the supplier's
  await t.send(world.admin.id, world.admin.id, '/sheet 1 floor 9');
  const floorOnly = await lastWorkbook(world.admin.id, 'group-buy-1-floor-9.xlsx');
  expect([...floorOnly.sheets.keys()].sort()).toEqual(['9 楼', '汇总'].sort());
  const floorSummary = floorOnly.sheets.get('汇总')!;
  expect(floorSummary.some((r) => r[0]?.startsWith('付给供应商'))).toBe(false);
  expect(floorSummary.at(-1)).toEqual(['合计', '1', '0', '3', '3', '91.50', '50.00', '0']);
  expect(floorOnly.sheets.get('9 楼')![2]!.slice(0, 3)).toEqual(['2', '902', 'Carol']);
});
