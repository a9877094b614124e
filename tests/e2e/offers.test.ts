import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, events, needs, offers } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// SPEC §2.11: offers, matched to needs both ways; the contact exchanged by DM only
const b7 = world.b7.chatId;
const { alice, bob, carol, admin } = world;
const at = (local: string) => Date.parse(`${local}+08:00`);

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

/** DMs in English for Carol (her Telegram language is French: the config's language); Bob reads Chinese. */
async function start(overrides: Record<string, unknown> = {}): Promise<void> {
  t = await startTestBot({ config: testConfigInput({ language: 'en', ...overrides }) });
}

const texts = (chatId: number) => t.tg.botMessages(chatId).map((m) => m.text ?? '');
const offerRow = (id: number) => t.app.database.db.select().from(offers).where(eq(offers.id, id)).get();
const needRow = (id: number) => t.app.database.db.select().from(needs).where(eq(needs.id, id)).get();
const eventTypes = () =>
  t.app.database.db
    .select()
    .from(events)
    .all()
    .map((e) => e.type);

/** The latest state of a bot message (edits included). */
function current(chatId: number, messageId: number): ChatMessage {
  return t.tg.messages(chatId).find((m) => m.message_id === messageId)!;
}

/** The offer's card in the group. */
function offerCard(id: number): ChatMessage {
  const found = t.tg
    .botMessages(b7)
    .filter((m) => m.text?.startsWith(`🎁 Offer #${id} `))
    .at(-1);
  if (!found) throw new Error(`no card for offer ${id}:\n${texts(b7).join('\n---\n')}`);
  return found;
}

/** The latest bot message in a chat whose text contains `part`. */
function lastWith(chatId: number, part: string): ChatMessage {
  const found = t.tg
    .botMessages(chatId)
    .filter((m) => m.text?.includes(part))
    .at(-1);
  if (!found)
    throw new Error(`no message with ${JSON.stringify(part)} in ${chatId}:\n${texts(chatId).join('\n---\n')}`);
  return found;
}

async function residents(): Promise<void> {
  for (const u of [alice, bob, carol]) await t.send(u.id, u.id, '/start');
  await t.send(b7, alice.id, '/home 1502');
  await t.send(b7, bob.id, '/home 701');
  await t.send(b7, carol.id, '/home 901');
}

describe('an offer', () => {
  it('posts a card with I need this, Given and Withdraw, lists it, counts it in /needs and the digest', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const card = offerCard(1);
    expect(card.text).toContain('#food');
    expect(card.text).toContain('5 kg rice');
    expect(card.text).toContain('Offered by Alice Lee (1502)');
    expect(card.text).toMatch(/open until 8 Apr/);
    expect(buttonTexts(card)).toEqual(['🙋 I need this', '✅ Given', '✖️ Withdraw']);
    expect(offerRow(1)).toMatchObject({ status: 'open', offeredBy: alice.id, unit: '1502', category: 'food' });
    expect(eventTypes()).toContain('offer.created');

    await t.send(b7, bob.id, '/offers');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('#1 #food — 5 kg rice (Alice Lee, 1502)');
    await t.send(b7, bob.id, '/needs');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Open offers: 1 — #food 1');
    await t.send(b7, bob.id, '/digest');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Open offers: 1 — #food 1');
    await t.send(alice.id, alice.id, '/mine');
    expect(t.tg.lastBotMessage(alice.id)!.text).toContain('Your open offers: #1 #food 5 kg rice');
  });

  it('refuses a malformed offer with the usage, and an offer in a private chat names the group', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /offer');
    await t.send(b7, alice.id, '/offer #spaceship warp drive');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('#medicine');
    await t.send(b7, alice.id, '/offer #food');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Usage: /offer');
    await t.send(alice.id, alice.id, '/offer #food rice');
    expect(t.tg.lastBotMessage(alice.id)!.text).toContain('Building 7');
    expect(t.app.database.db.select().from(offers).all()).toEqual([]);
  });
});

describe('matching', () => {
  it('shows a new offer’s author the open needs of its category, and Give to #N makes the match', async () => {
    await start();
    await residents();
    await t.send(b7, carol.id, '/need #food rice for the family');
    await t.send(b7, bob.id, '/need !! #food baby formula');
    await t.send(b7, bob.id, '/need #medicine aspirin');
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const proposal = lastWith(alice.id, 'your offer #1 may serve');
    // urgent first, then oldest; only its category
    expect(proposal.text).toMatch(/#2 🆘 baby formula \(701\)\n#1 rice for the family \(901\)/);
    expect(proposal.text).not.toContain('aspirin');
    expect(buttonTexts(proposal)).toEqual(['🎁 Give to #2', '🎁 Give to #1']);

    expect(await t.press(alice.id, proposal.message_id, alice.id, 'Give to #1')).toContain('Offer #1 goes to need #1');
    expect(offerRow(1)).toMatchObject({ status: 'given', needId: 1 });
    expect(needRow(1)).toMatchObject({ status: 'claimed', claimedBy: alice.id, offerId: 1 });
    expect(current(b7, offerCard(1).message_id).text).toContain('given ✅ to need #1');
    expect(buttonTexts(current(b7, offerCard(1).message_id))).toEqual([]);
    const needCard = t.tg.botMessages(b7).find((m) => m.text?.startsWith('Need #1 '))!;
    expect(current(b7, needCard.message_id).text).toContain('Alice Lee is helping');
    expect(current(b7, needCard.message_id).text).toContain('Served by offer #1');

    // both learn the other's name and unit by DM, the names tappable
    const toAlice = lastWith(alice.id, 'Your offer #1 goes to need #1');
    expect(toAlice.text).toContain('Carol (901)');
    expect(
      toAlice.entities?.some(
        (e) => e.type === 'text_mention' && (e.user as { id?: number } | undefined)?.id === carol.id,
      ),
    ).toBe(true);
    const toCarol = lastWith(carol.id, 'gives you offer #1');
    expect(toCarol.text).toContain('Alice Lee (1502)');
    expect(
      toCarol.entities?.some(
        (e) => e.type === 'text_mention' && (e.user as { id?: number } | undefined)?.id === alice.id,
      ),
    ).toBe(true);

    // the proposal pressed again: the offer is given
    expect(await t.press(alice.id, proposal.message_id, alice.id, 'Give to #2')).toContain('already given');
    expect(needRow(2)!.status).toBe('open');
    expect(eventTypes()).toEqual(expect.arrayContaining(['offer.created', 'offer.given', 'need.claimed']));
    const audit = t.app.database.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.subject === 'offer:1' || a.subject === 'need:1')
      .map((a) => [a.action, a.actor]);
    expect(audit).toEqual([
      ['need.open', carol.id],
      ['offer.open', alice.id],
      ['offer.give', alice.id],
      ['need.claim', alice.id],
    ]);
  });

  it('shows a new need’s asker the open offers of its category, and Ask for it makes the match', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer #medical I can drive to the hospital');
    await t.send(b7, bob.id, '/offer #food bread');
    await t.send(b7, carol.id, '/need #medical a ride to dialysis on Friday');
    const proposal = lastWith(carol.id, 'may serve your need #1');
    expect(proposal.text).toContain('#1 #medical — I can drive to the hospital (Alice Lee, 1502)');
    expect(proposal.text).not.toContain('bread');
    expect(buttonTexts(proposal)).toEqual(['🙋 Ask for #1']);
    // only the asker may ask for it: Bob forges the button in his own private chat
    const bobsChat = t.tg.lastBotMessage(bob.id)!;
    expect(await t.press(bob.id, bobsChat.message_id, bob.id, { data: 'v1:offer:ask:1:1' })).toContain('求助人');
    expect(offerRow(1)!.status).toBe('open');

    expect(await t.press(carol.id, proposal.message_id, carol.id, 'Ask for #1')).toContain('Offer #1 goes to need #1');
    expect(needRow(1)).toMatchObject({ status: 'claimed', claimedBy: alice.id, offerId: 1 });
    expect(offerRow(1)).toMatchObject({ status: 'given', needId: 1 });
    expect(lastWith(alice.id, 'Your offer #1 goes to need #1').text).toContain('a ride to dialysis on Friday');
  });

  it('I need this on a card matches the presser’s open need of the category, or posts one for their household', async () => {
    await start();
    await residents();
    await t.send(b7, bob.id, '/need #food rice');
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    await t.send(b7, alice.id, '/offer #food eggs');
    expect(await t.press(b7, offerCard(1).message_id, bob.id, 'I need this')).toContain('goes to need #1');
    expect(needRow(1)).toMatchObject({ status: 'claimed', offerId: 1 });
    // no open need of Carol's: one is made for her household, linked the same way, its card posted
    expect(await t.press(b7, offerCard(2).message_id, carol.id, 'I need this')).toContain('goes to need #2');
    expect(needRow(2)).toMatchObject({
      status: 'claimed',
      requesterId: carol.id,
      unit: '901',
      category: 'food',
      text: 'eggs',
      offerId: 2,
      claimedBy: alice.id,
    });
    expect(lastWith(b7, 'Need #2 ').text).toContain('Alice Lee is helping');
  });

  it('of two residents asking for one offer at once, one gets it and the other is told', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const card = offerCard(1);
    const first = t.tg.pressButton(b7, card.message_id, bob.id, 'I need this');
    const second = t.tg.pressButton(b7, card.message_id, carol.id, 'I need this');
    await t.handled(first.update_id);
    await t.handled(second.update_id);
    const answers = await Promise.all(
      [first, second].map(async (u) => (await t.tg.waitForAnswer(u.callback_query!.id)).text ?? ''),
    );
    const won = answers.filter((a) => a.includes('goes to need'));
    const lost = answers.filter((a) => a.includes('Someone else asked for this offer first'));
    expect([won.length, lost.length]).toEqual([1, 1]);
    // the loser's need, made by the press, was not kept
    const rows = t.app.database.db.select().from(needs).all();
    expect(rows).toHaveLength(1);
    expect(offerRow(1)).toMatchObject({ status: 'given', needId: rows[0]!.id });
    expect(eventTypes().filter((e) => e === 'offer.given')).toHaveLength(1);
  });

  it('refuses a match of a need already claimed, and a withdrawn offer', async () => {
    await start();
    await residents();
    await t.send(b7, bob.id, '/need #food rice');
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const proposal = lastWith(alice.id, 'your offer #1 may serve');
    const needCard = lastWith(b7, 'Need #1 ');
    await t.press(b7, needCard.message_id, carol.id, "I'll help");
    expect(await t.press(alice.id, proposal.message_id, alice.id, 'Give to #1')).toContain('already helping');
    expect(offerRow(1)!.status).toBe('open');
    expect(needRow(1)!.claimedBy).toBe(carol.id);

    await t.press(b7, offerCard(1).message_id, alice.id, 'Withdraw');
    await t.send(b7, carol.id, '/need #food more rice');
    expect(await t.press(alice.id, proposal.message_id, alice.id, { data: 'v1:offer:give:1:2' })).toContain(
      'already withdrawn',
    );
    expect(needRow(2)!.status).toBe('open');
  });

  it('gives a private need’s author its details by DM, and the group never sees its text or unit', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer #medicine spare insulin pens');
    const groupBefore = t.tg.messages(b7).length;
    await t.send(carol.id, carol.id, '/need #medicine insulin for my father SECRET-XYZ');
    expect(texts(b7).join('\n')).not.toContain('SECRET-XYZ');
    const proposal = lastWith(carol.id, 'may serve your need #1');
    expect(await t.press(carol.id, proposal.message_id, carol.id, 'Ask for #1')).toContain('goes to need #1');
    expect(needRow(1)).toMatchObject({ status: 'claimed', private: true, claimedBy: alice.id, offerId: 1 });

    const toAlice = lastWith(alice.id, 'Your offer #1 goes to need #1');
    expect(toAlice.text).toContain('SECRET-XYZ');
    expect(toAlice.text).toContain('Carol (901)');
    expect(lastWith(carol.id, 'gives you offer #1').text).toContain('Alice Lee (1502)');
    // the group: the offer card says only which need, the need card only that someone helps
    expect(texts(b7).join('\n')).not.toContain('SECRET-XYZ');
    const sincePosted = t.tg
      .messages(b7)
      .slice(groupBefore)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(sincePosted).toContain('Private');
    expect(sincePosted).not.toContain('901');
    expect(current(b7, offerCard(1).message_id).text).toContain('given ✅ to need #1');
    const stored = t.app.database.db
      .select()
      .from(events)
      .all()
      .map((e) => e.body)
      .join('\n');
    expect(stored).not.toContain('SECRET-XYZ');
    expect(stored).not.toContain('"901"');
    expect(t.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('SECRET-XYZ');
  });

  it('does not match a private need to an author the bot cannot write to', async () => {
    await start();
    await t.send(carol.id, carol.id, '/start');
    await t.send(b7, carol.id, '/home 901');
    await t.send(b7, bob.id, '/home 701');
    // Bob never opened a private chat with the bot
    await t.send(b7, bob.id, '/offer #medicine insulin pens');
    await t.send(carol.id, carol.id, '/need #medicine insulin');
    const proposal = lastWith(carol.id, 'may serve your need #1');
    expect(await t.press(carol.id, proposal.message_id, carol.id, 'Ask for #1')).toContain(
      'has not opened a private chat',
    );
    expect(needRow(1)!.status).toBe('open');
    expect(offerRow(1)!.status).toBe('open');
  });
});

describe('the author’s buttons', () => {
  it('lets only the author mark it given or withdraw it (an admin may withdraw), and nothing after', async () => {
    await start();
    await residents();
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const card = offerCard(1);
    expect(await t.press(b7, card.message_id, bob.id, 'Withdraw')).toContain('Only the person who offered it');
    expect(await t.press(b7, card.message_id, bob.id, 'Given')).toContain('Only the person who offered it');
    expect(await t.press(b7, card.message_id, alice.id, 'I need this')).toContain('your own offer');
    expect(offerRow(1)!.status).toBe('open');
    expect(await t.press(b7, card.message_id, alice.id, 'Withdraw')).toContain('withdrawn');
    expect(offerRow(1)!.status).toBe('withdrawn');
    expect(current(b7, card.message_id).text).toContain('Status: withdrawn');
    expect(await t.press(b7, card.message_id, bob.id, { data: 'v1:offer:take:1' })).toContain('already withdrawn');
    expect(t.app.database.db.select().from(needs).all()).toEqual([]);
    expect(eventTypes()).toEqual(['offer.created', 'offer.withdrawn']);

    await t.send(b7, alice.id, '/offer #food eggs');
    expect(await t.press(b7, offerCard(2).message_id, admin.id, 'Withdraw')).toContain('withdrawn');
    await t.send(b7, alice.id, '/offer #food milk');
    expect(await t.press(b7, offerCard(3).message_id, alice.id, 'Given')).toContain('marked given');
    expect(offerRow(3)).toMatchObject({ status: 'given', needId: null });
  });

  it('expires an offer after offers.expireAfterDays, its card without buttons', async () => {
    await start({ offers: { expireAfterDays: 2 } });
    await residents();
    await t.send(b7, alice.id, '/offer #food 5 kg rice');
    const card = offerCard(1);
    expect(card.text).toContain('open until 3 Apr, 08:00');
    t.clock.set(at('2026-04-03T07:59:00'));
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(offerRow(1)!.status).toBe('open');
    t.clock.set(at('2026-04-03T08:00:00'));
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(offerRow(1)!.status).toBe('expired');
    expect(current(b7, card.message_id).text).toContain('Status: expired');
    expect(buttonTexts(current(b7, card.message_id))).toEqual([]);
    expect(await t.press(b7, card.message_id, bob.id, { data: 'v1:offer:take:1' })).toContain('already expired');
    await t.send(b7, bob.id, '/offers');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('No open offers');
  });
});
