import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/usage-error.ts';
import {
  actionsFor,
  checkNeedAction,
  type NeedAction,
  type NeedActor,
  type NeedState,
  type NeedStatus,
  needActions,
  statusAfter,
} from '../../../src/features/needs/needs.ts';
import { usageError } from '../usage-error.ts';

describe('checkNeedAction', () => {
  const asker = 1;
  const enterer = 2;
  const claimer = 3;
  const admin = 4;
  const stranger = 5;
  const volunteer = 6;

  const actors: Record<string, NeedActor> = {
    asker: { userId: asker, isAdmin: false, isVolunteer: false },
    enterer: { userId: enterer, isAdmin: false, isVolunteer: true },
    claimer: { userId: claimer, isAdmin: false, isVolunteer: false },
    admin: { userId: admin, isAdmin: true, isVolunteer: false },
    stranger: { userId: stranger, isAdmin: false, isVolunteer: false },
    volunteer: { userId: volunteer, isAdmin: false, isVolunteer: true },
  };

  function need(status: NeedStatus): NeedState {
    return { status, requesterId: asker, enteredBy: enterer, claimedBy: status === 'open' ? null : claimer };
  }

  function outcome(status: NeedStatus, action: NeedAction, actor: string, volunteersOnly = false): string {
    const err = usageError(() => checkNeedAction(need(status), action, actors[actor]!, { volunteersOnly }));
    return err ? err.key : 'ok';
  }

  it.each([
    // status, action, actor, outcome
    ['open', 'claim', 'asker', 'ok'],
    ['open', 'claim', 'stranger', 'ok'],
    ['open', 'claim', 'volunteer', 'ok'],
    ['open', 'claim', 'admin', 'ok'],
    ['open', 'release', 'stranger', 'need-not-claimed'],
    ['open', 'release', 'admin', 'need-not-claimed'],
    ['open', 'done', 'asker', 'need-not-claimed'],
    ['open', 'done', 'admin', 'need-not-claimed'],
    ['open', 'cancel', 'asker', 'ok'],
    ['open', 'cancel', 'enterer', 'ok'],
    ['open', 'cancel', 'admin', 'ok'],
    ['open', 'cancel', 'stranger', 'need-only-asker'],
    ['open', 'cancel', 'volunteer', 'need-only-asker'],
    ['claimed', 'claim', 'stranger', 'need-already-claimed'],
    ['claimed', 'claim', 'claimer', 'need-already-claimed'],
    ['claimed', 'claim', 'admin', 'need-already-claimed'],
    ['claimed', 'release', 'claimer', 'ok'],
    ['claimed', 'release', 'asker', 'need-only-claimer'],
    ['claimed', 'release', 'enterer', 'need-only-claimer'],
    ['claimed', 'release', 'admin', 'need-only-claimer'],
    ['claimed', 'release', 'stranger', 'need-only-claimer'],
    ['claimed', 'done', 'asker', 'ok'],
    ['claimed', 'done', 'enterer', 'ok'],
    ['claimed', 'done', 'claimer', 'ok'],
    ['claimed', 'done', 'admin', 'ok'],
    ['claimed', 'done', 'stranger', 'need-only-involved'],
    ['claimed', 'done', 'volunteer', 'need-only-involved'],
    ['claimed', 'cancel', 'asker', 'ok'],
    ['claimed', 'cancel', 'enterer', 'ok'],
    ['claimed', 'cancel', 'admin', 'ok'],
    ['claimed', 'cancel', 'claimer', 'need-only-asker'],
    ['claimed', 'cancel', 'stranger', 'need-only-asker'],
  ] as const)('on a need %s, %s by the %s gives %s', (status, action, actor, expected) => {
    expect(outcome(status, action, actor)).toBe(expected);
  });

  it("treats a member of the need's household as its asker (cancel, done), never as its claimer", () => {
    const ofHousehold = (status: NeedStatus) => ({ ...need(status), householdId: 9 });
    const family: NeedActor = { userId: 7, isAdmin: false, isVolunteer: false, householdId: 9 };
    const neighbour: NeedActor = { userId: 8, isAdmin: false, isVolunteer: false, householdId: 10 };
    const key = (status: NeedStatus, action: NeedAction, actor: NeedActor) =>
      usageError(() => checkNeedAction(ofHousehold(status), action, actor, { volunteersOnly: false }))?.key ?? 'ok';
    expect(key('open', 'cancel', family)).toBe('ok');
    expect(key('claimed', 'done', family)).toBe('ok');
    expect(key('claimed', 'release', family)).toBe('need-only-claimer');
    expect(key('open', 'cancel', neighbour)).toBe('need-only-asker');
    expect(key('claimed', 'done', neighbour)).toBe('need-only-involved');
    // a need for no known household has no family: an actor without one is not its asker either
    const noHousehold = { ...need('open'), householdId: null };
    const homeless: NeedActor = { userId: 8, isAdmin: false, isVolunteer: false, householdId: null };
    expect(usageError(() => checkNeedAction(noHousehold, 'cancel', homeless, { volunteersOnly: false }))?.key).toBe(
      'need-only-asker',
    );
  });

  it('lets only volunteers and admins claim when the building says volunteers only', () => {
    expect(outcome('open', 'claim', 'stranger', true)).toBe('need-volunteers-only');
    expect(outcome('open', 'claim', 'asker', true)).toBe('need-volunteers-only');
    expect(outcome('open', 'claim', 'volunteer', true)).toBe('ok');
    expect(outcome('open', 'claim', 'enterer', true)).toBe('ok');
    expect(outcome('open', 'claim', 'admin', true)).toBe('ok');
  });

  it('refuses every action on a done or cancelled need, to anyone', () => {
    for (const status of ['done', 'cancelled'] as const) {
      for (const action of needActions) {
        for (const [name, actor] of Object.entries(actors)) {
          for (const volunteersOnly of [false, true]) {
            const err = usageError(() => checkNeedAction(need(status), action, actor, { volunteersOnly }));
            expect(err?.key, `${action} by ${name} on ${status}`).toBe('need-closed');
            expect(err?.args).toEqual({ status });
          }
        }
      }
    }
  });

  it('refuses every action on a draft need', () => {
    for (const action of needActions) {
      for (const actor of Object.values(actors)) {
        expect(
          usageError(() => checkNeedAction(need('draft'), action, actor, { volunteersOnly: false })),
        ).toBeInstanceOf(UsageError);
      }
    }
  });

  it('never permits an action the card does not show, nor a claim twice', () => {
    const statuses: NeedStatus[] = ['draft', 'open', 'claimed', 'done', 'cancelled'];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.constantFrom(...needActions),
        fc.record({ userId: fc.integer({ min: 1, max: 8 }), isAdmin: fc.boolean(), isVolunteer: fc.boolean() }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
        fc.boolean(),
        (status, action, actor, requesterId, enteredBy, claimedBy, volunteersOnly) => {
          const state = { status, requesterId, enteredBy, claimedBy };
          const err = usageError(() => checkNeedAction(state, action, actor, { volunteersOnly }));
          if (!actionsFor(status).includes(action)) expect(err).toBeInstanceOf(UsageError);
          if (err === undefined) {
            if (action === 'release') expect(actor.userId).toBe(claimedBy);
            if (action === 'cancel')
              expect(actor.isAdmin || actor.userId === requesterId || actor.userId === enteredBy).toBe(true);
          }
        },
      ),
    );
  });
});

describe('actionsFor and statusAfter', () => {
  it('shows claim and cancel on an open need', () => {
    expect(actionsFor('open')).toEqual(['claim', 'cancel']);
  });

  it('shows release, done and cancel on a claimed need', () => {
    expect(actionsFor('claimed')).toEqual(['release', 'done', 'cancel']);
  });

  it('shows no buttons on a draft, done or cancelled need', () => {
    expect(actionsFor('draft')).toEqual([]);
    expect(actionsFor('done')).toEqual([]);
    expect(actionsFor('cancelled')).toEqual([]);
  });

  it.each([
    ['claim', 'claimed'],
    ['release', 'open'],
    ['done', 'done'],
    ['cancel', 'cancelled'],
  ] as const)('moves a need to %s → %s', (action, status) => {
    expect(statusAfter(action)).toBe(status);
  });

  it('only offers actions whose result is a status the SPEC allows from there', () => {
    const allowed: Record<NeedStatus, NeedStatus[]> = {
      draft: [],
      open: ['claimed', 'cancelled'],
      claimed: ['done', 'cancelled', 'open'],
      done: [],
      cancelled: [],
    };
    for (const status of Object.keys(allowed) as NeedStatus[]) {
      expect(actionsFor(status).map(statusAfter).sort()).toEqual([...allowed[status]].sort());
    }
  });
});
