import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/db/audit.ts';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { auditRows, openTestDatabase, T0 } from './memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

describe('appendAudit', () => {
  it('stores every field of the entry, details read back as the object written', () => {
    handle.db.transaction((tx) =>
      appendAudit(tx, {
        at: T0,
        actor: 42,
        buildingId: 'b1',
        action: 'household.join',
        subject: 'household:b1/1502',
        details: { from: '902', nested: { n: 1 } },
      }),
    );
    expect(auditRows(handle.db)).toEqual([
      {
        id: 1,
        at: T0,
        actor: 42,
        buildingId: 'b1',
        action: 'household.join',
        subject: 'household:b1/1502',
        details: { from: '902', nested: { n: 1 } },
      },
    ]);
  });

  it('stores a missing building and missing details as null, and a bot action with no actor', () => {
    handle.db.transaction((tx) => appendAudit(tx, { at: T0, actor: null, action: 'job.run', subject: 'job:x' }));
    const [row] = auditRows(handle.db);
    expect(row).toMatchObject({ actor: null, buildingId: null, details: null, action: 'job.run' });
  });

  it('keeps entries in the order they were appended', () => {
    handle.db.transaction((tx) => {
      appendAudit(tx, { at: T0 + 2, actor: 1, action: 'b.second', subject: 's' });
      appendAudit(tx, { at: T0 + 1, actor: 1, action: 'a.first', subject: 's' });
    });
    handle.db.transaction((tx) => appendAudit(tx, { at: T0, actor: 1, action: 'c.third', subject: 's' }));
    expect(auditRows(handle.db).map((r) => r.action)).toEqual(['b.second', 'a.first', 'c.third']);
  });

  it('is undone with the transaction that wrote it, so the record and the change commit together', () => {
    expect(() =>
      handle.db.transaction((tx) => {
        appendAudit(tx, { at: T0, actor: 1, action: 'need.claim', subject: 'need:1' });
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(auditRows(handle.db)).toEqual([]);
  });
});
