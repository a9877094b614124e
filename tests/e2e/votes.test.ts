import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, ballots } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { linkAttempts, storedSecrets } from '../features/votes/link-attempts.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

function current(messageId: number): ChatMessage {
  return t.tg.messages(b7).find((m) => m.message_id === messageId)!;
}

function voteCard(id: number): ChatMessage {
  const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith(`🗳 Vote #${id}:`));
  if (!card) throw new Error(`no card for vote ${id}`);
  return card;
}

function lastResult(): string {
  return (
    t.tg
      .botMessages(b7)
      .filter((m) => m.text?.startsWith('🗳 Result'))
      .at(-1)?.text ?? ''
  );
}

describe('a household vote', () => {
  it('counts one ballot per household, the latest of its members, and refuses a voter without /home', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.carol.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/vote household Open the back gate for deliveries? | Yes | No');
    const card = voteCard(1);
    expect(card.text).toContain('one ballot per household');
    expect(buttonTexts(card)).toEqual(['1. Yes', '2. No']);

    expect(await t.press(b7, card.message_id, world.alice.id, 'Yes')).toContain("household's vote: Yes");
    await t.press(b7, card.message_id, world.carol.id, 'No');
    await t.press(b7, card.message_id, world.bob.id, 'Yes');
    expect(await t.press(b7, card.message_id, world.admin.id, 'Yes')).toContain('/home');
    const text = current(card.message_id).text!;
    expect(text).toContain('1. Yes — 1');
    expect(text).toContain('2. No — 1');
    expect(text).toContain('Turnout: 2 of 2');
    expect(text).toMatch(/No — 1\n\s+1502/);
    expect(t.app.database.db.select().from(ballots).all()).toHaveLength(2);
  });
});

describe('the open card', () => {
  it('shows the quorum and the turnout so far, and the households still to vote by floor', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 1-902');
    await t.send(b7, world.carol.id, '/home 2-301');
    await t.send(b7, world.alice.id, '/vote household quorum=2 Open the back gate? | Yes | No');
    const card = voteCard(1);
    expect(card.text).toContain('Quorum: 2 households (0 so far)');
    expect(card.text).toContain('Still to vote: 2-301, 1-902, 1502');
    await t.press(b7, card.message_id, world.bob.id, 'No');
    const after = current(card.message_id).text!;
    expect(after).toContain('Quorum: 2 households (1 so far)');
    expect(after).toContain('Still to vote: 2-301, 1502');
    await t.send(b7, world.alice.id, '/endvote 1');
    expect(current(card.message_id).text).not.toContain('Still to vote');
  });

  it('counts the households still to vote of an anonymous vote without naming them', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/vote household anonymous quorum=50% Open the back gate? | Yes | No');
    await t.press(b7, voteCard(1).message_id, world.bob.id, 'No');
    const text = current(voteCard(1).message_id).text!;
    expect(text).toContain('Quorum: 50% of 2, that is 1 household (1 so far)');
    expect(text).toContain('Still to vote: 1 household');
    expect(text).not.toContain('301');
    expect(text).not.toContain('1502');
  });

  it('shows the quorum of a per-person vote as ballots', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote quorum=3 Lunch? | Noodles | Rice');
    expect(voteCard(1).text).toContain('Quorum: 3 ballots (0 so far)');
    expect(voteCard(1).text).not.toContain('Still to vote');
  });
});

describe('what a voter is told', () => {
  it('names the chosen option, says so when it was chosen already, and names the old one on a change', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote anonymous Lunch? | Noodles | Rice');
    const card = voteCard(1).message_id;
    expect(await t.press(b7, card, world.alice.id, 'Noodles')).toBe('Your vote: Noodles');
    expect(await t.press(b7, card, world.alice.id, 'Noodles')).toBe(
      'You voted for Noodles. Press another option to change your vote.',
    );
    expect(await t.press(b7, card, world.alice.id, 'Rice')).toBe('Your vote is now Rice (it was Noodles).');
    expect(current(card).text).not.toContain('Alice');
  });

  it('keeps an anonymous ballot its voter’s across a restart: they change it and cast no second one', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote anonymous Lunch? | Noodles | Rice');
    await t.press(b7, voteCard(1).message_id, world.alice.id, 'Noodles');
    await t.restart();
    expect(await t.press(b7, voteCard(1).message_id, world.alice.id, 'Rice')).toBe(
      'Your vote is now Rice (it was Noodles).',
    );
    expect(await t.press(b7, voteCard(1).message_id, world.alice.id, 'Rice')).toContain('You voted for Rice.');
    expect(current(voteCard(1).message_id).text).toContain('Turnout: 1');
    expect(
      t.app.database.db
        .select()
        .from(ballots)
        .all()
        .map((b) => b.option),
    ).toEqual([1]);
  });

  it("tells a household member the household's vote in a household vote that is not anonymous", async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.admin.id, '/home 1502');
    await t.send(b7, world.alice.id, '/vote household Gate? | Yes | No');
    const card = voteCard(1).message_id;
    await t.press(b7, card, world.alice.id, 'Yes');
    expect(await t.press(b7, card, world.admin.id, 'Yes')).toContain('Your household voted for Yes.');
    expect(await t.press(b7, card, world.admin.id, 'No')).toContain("Your household's vote is now No (it was Yes).");
  });

  it('never tells a member what another member chose in an anonymous household vote', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.admin.id, '/home 1502');
    await t.send(b7, world.alice.id, '/vote household anonymous Gate? | Yes | No');
    const card = voteCard(1).message_id;
    await t.press(b7, card, world.alice.id, 'Yes');
    expect(await t.press(b7, card, world.admin.id, 'Yes')).toBe("Your household's vote: Yes");
    expect(await t.press(b7, card, world.admin.id, 'No')).toBe("Your household's vote: No");
  });
});

describe('closing a vote', () => {
  it('reports quorum met or not, the decision or a tie, and refuses presses afterwards', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote quorum=2 Paint the hall? | Blue | Green');
    await t.press(b7, voteCard(1).message_id, world.alice.id, 'Blue');
    await t.send(b7, world.alice.id, '/endvote 1');
    expect(lastResult()).toContain('Quorum NOT met');
    expect(buttonTexts(current(voteCard(1).message_id))).toEqual([]);
    expect(await t.press(b7, voteCard(1).message_id, world.bob.id, { data: 'v1:vote:1:1' })).toContain('closed');
    expect(t.app.database.db.select().from(ballots).all()).toHaveLength(1);

    await t.send(b7, world.alice.id, '/vote quorum=2 Paint the door? | Blue | Green');
    await t.press(b7, voteCard(2).message_id, world.alice.id, 'Blue');
    await t.press(b7, voteCard(2).message_id, world.bob.id, 'Blue');
    await t.send(b7, world.alice.id, '/endvote 2');
    expect(lastResult()).toContain('Quorum met');
    expect(lastResult()).toContain('Decision: Blue');

    await t.send(b7, world.alice.id, '/vote Lunch? | Noodles | Rice');
    await t.press(b7, voteCard(3).message_id, world.alice.id, 'Noodles');
    await t.press(b7, voteCard(3).message_id, world.bob.id, 'Rice');
    await t.send(b7, world.alice.id, '/endvote 3');
    expect(lastResult()).toContain('Tie between Noodles / Rice');
  });

  it('lets only the organizer or an admin end a vote', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote Lunch? | Noodles | Rice');
    await t.send(b7, world.bob.id, '/endvote 1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only the organizer or an admin');
    expect(lastResult()).toBe('');
    await t.send(b7, world.admin.id, '/endvote 1');
    expect(lastResult()).toContain('Result of vote #1');
  });

  it('closes at its deadline when the clock moves past it', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote 30m Lunch? | Noodles | Rice');
    await t.press(b7, voteCard(1).message_id, world.bob.id, 'Rice');
    t.clock.advance(29 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(lastResult()).toBe('');
    t.clock.advance(2 * 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(lastResult()).toContain('Decision: Rice');
    expect(lastResult()).toContain('Turnout: 1 of 5');
    expect(current(voteCard(1).message_id).text).toContain('Closed.');
  });
});

describe('secrecy', () => {
  it('keeps counts hidden until the close when asked', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote hidden Lunch? | Noodles | Rice');
    await t.press(b7, voteCard(1).message_id, world.bob.id, 'Rice');
    const open = current(voteCard(1).message_id).text!;
    expect(open).not.toMatch(/— \d/);
    expect(open).not.toContain('王');
    expect(open).toContain('Turnout: 1 of 5');
    await t.send(b7, world.alice.id, '/endvote 1');
    expect(current(voteCard(1).message_id).text).toContain('2. Rice — 1');
  });

  it('never pairs a voter with a choice in an anonymous vote: not on the card, in the database or the audit log', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote anonymous Lunch? | Noodles | Rice');
    await t.press(b7, voteCard(1).message_id, world.bob.id, 'Rice');
    await t.press(b7, voteCard(1).message_id, world.carol.id, 'Noodles');
    await t.press(b7, voteCard(1).message_id, world.carol.id, 'Rice');
    const text = current(voteCard(1).message_id).text!;
    expect(text).toContain('2. Rice — 2');
    expect(text).not.toContain('王');
    expect(text).not.toContain('Carol');
    const rows = t.app.database.db.select().from(ballots).all();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ voterId: null, householdId: null });
    // the key is a keyed digest: nothing of the voter's id is in it (a random digest may well contain "2002")
    for (const row of rows) expect(row.voterKey).toMatch(/^a:[0-9a-f]{64}$/);
    const audit = t.app.database.db.select().from(auditLog).where(eq(auditLog.subject, 'vote:1')).all();
    for (const entry of audit.filter((a) => a.action.startsWith('vote.ballot'))) expect(entry.details).toEqual({});
    await t.send(b7, world.alice.id, '/endvote 1');
    expect(lastResult()).not.toContain('Carol');
  });
});

describe('an anonymous vote once closed', () => {
  it('leaves nothing in a copy of the database or in the logs that pairs a voter with an option', async () => {
    t = await startTestBot();
    await t.send(b7, world.admin.id, '/vote anonymous Lunch? | Noodles | Rice | Dumplings');
    const card = voteCard(1).message_id;
    const castTimes: number[] = [];
    // each press at a time of its own, so a time kept beside a ballot would single it out
    const press = async (voter: { id: number }, option: string, toast: string) => {
      t.clock.advance(61_000 + castTimes.length * 1_000);
      castTimes.push(t.clock.now());
      expect(await t.press(b7, card, voter.id, option)).toContain(toast);
    };
    await press(world.alice, 'Noodles', 'Your vote: Noodles');
    await press(world.bob, 'Rice', 'Rice');
    await press(world.carol, 'Dumplings', 'Dumplings');
    await press(world.alice, 'Rice', 'Your vote is now Rice (it was Noodles).');
    await press(world.carol, 'Dumplings', 'You voted for Dumplings.');
    await press(world.carol, 'Noodles', 'Your vote is now Noodles (it was Dumplings).');
    // what someone reading the live database holds while the vote is open: the key that links (see the README)
    const secretsWhileOpen = storedSecrets(t.app.database.sqlite);
    expect(secretsWhileOpen).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    await t.send(b7, world.admin.id, '/endvote 1');
    expect(lastResult()).toContain('1. Noodles — 1');
    expect(lastResult()).toContain('2. Rice — 2');
    expect(lastResult()).toContain('3. Dumplings — 0');
    expect(await t.press(b7, card, world.bob.id, { data: 'v1:vote:1:0' })).toContain('closed');

    // what a backup taken now holds, read by someone with no access to the bot itself
    const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-backup-'));
    try {
      await t.app.database.sqlite.backup(join(dir, 'copy.db'));
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      const anonymous = {
        voteId: 1,
        voters: [world.alice.id, world.bob.id, world.carol.id],
        options: ['Noodles', 'Rice', 'Dumplings'],
        castTimes,
      };
      expect(linkAttempts(copy, anonymous, t.logs)).toEqual([]);
      expect(copy.prepare('select option from ballots where vote_id = 1 order by option').pluck().all()).toEqual([
        0, 1, 1,
      ]);
      expect(copy.prepare('select count(*) from anonymous_vote_keys').pluck().get()).toBe(0);
      copy.close();
      // nor in the bytes of the file, where SQLite may leave what was deleted: the key, a press's sender and option
      const bytes = readFileSync(join(dir, 'copy.db')).toString('latin1');
      for (const secret of secretsWhileOpen) expect(bytes.includes(secret)).toBe(false);
      expect(bytes).not.toMatch(/"id":200[123],"is_bot"/);
      expect(bytes).not.toMatch(/(?<!callback_)"data":"v1:vote:1:/);
      // nor the counts the card showed between presses (the final ones are the result, public)
      const file = readFileSync(join(dir, 'copy.db'));
      for (const between of ['2. Rice — 1', '3. Dumplings — 1']) expect(file.includes(between)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/mine', () => {
  it('lists the votes a resident can still cast, until they vote', async () => {
    t = await startTestBot();
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.alice.id, '/vote household Gate? | Yes | No');
    await t.send(world.bob.id, world.bob.id, '/mine');
    expect(t.tg.lastBotMessage(world.bob.id)!.text).toContain('#1 Gate?');
    await t.press(b7, voteCard(1).message_id, world.bob.id, 'Yes');
    await t.send(world.bob.id, world.bob.id, '/mine');
    expect(t.tg.lastBotMessage(world.bob.id)!.text).not.toContain('Gate?');
  });
});

describe('bad input', () => {
  it('answers a malformed vote with the usage and stores nothing', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/vote Lunch? | Noodles');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('2 to 10 options');
    await t.send(b7, world.alice.id, '/vote quorum=0 Lunch? | a | b');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('quorum=N');
    await t.send(b7, world.alice.id, '/endvote x');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /endvote');
    expect(t.tg.botMessages(b7).some((m) => m.text?.startsWith('🗳'))).toBe(false);
  });
});

describe('a burst of presses', () => {
  it('ends with exact counts after 100 presses from 50 people, with few card edits', { timeout: 30_000 }, async () => {
    const voters = Array.from({ length: 50 }, (_, i) => ({
      id: 7000 + i,
      first_name: `Voter${i}`,
      language_code: 'en',
    }));
    t = await startTestBot({
      config: testConfigInput({ outbox: { editIntervalSeconds: 3 } }),
      prepare: (tg) => {
        tg.addChat({ id: b7, type: 'supergroup', title: 'Building 7' });
        for (const v of voters) {
          tg.addUser(v);
          tg.setMember(b7, v.id, 'member');
        }
      },
    });
    await t.send(b7, world.alice.id, '/vote Which day for the clean-up? | Saturday | Sunday | Monday');
    const card = voteCard(1);
    const editsBefore = t.tg.calls.filter((c) => c.method === 'editMessageText').length;
    // each voter presses twice; the second press is their final choice
    const finalChoice = (i: number) => i % 3;
    const updates = [];
    for (const [i, v] of voters.entries())
      updates.push(t.tg.pressButton(b7, card.message_id, v.id, { data: `v1:vote:1:${(i + 1) % 3}` }));
    for (const [i, v] of voters.entries())
      updates.push(t.tg.pressButton(b7, card.message_id, v.id, { data: `v1:vote:1:${finalChoice(i)}` }));
    for (const u of updates) await t.handled(u.update_id, 20_000);
    const expected = [0, 1, 2].map((o) => voters.filter((_, i) => finalChoice(i) === o).length);
    const shown = await t.tg.waitForBotMessage(
      b7,
      (m) =>
        m.message_id === card.message_id &&
        (m.text?.includes(`Monday — ${expected[2]}`) ?? false) &&
        (m.text?.includes(`Saturday — ${expected[0]}`) ?? false),
      15_000,
    );
    expect(shown.text).toContain(`Sunday — ${expected[1]}`);
    const edits = t.tg.calls.filter((c) => c.method === 'editMessageText').length - editsBefore;
    console.log(`vote burst: 100 presses from 50 people, ${edits} card edits`);
    expect(edits).toBeLessThanOrEqual(10);
    expect(t.tg.calls.filter((c) => c.method === 'editMessageText' && c.status !== 200)).toEqual([]);
  });
});
