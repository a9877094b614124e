import type { Role } from '../feature.ts';

/**
 * Who is acting, as far as permissions go: the facts every feature's `can…`/`check…` rule decides on. Gathered on
 * the server for every command and every press (`actorIn`), never taken from callback data.
 */
export interface Actor {
  userId: number;
  /** An admin of the building: from the config, the group's anonymous admin, or a trusted Telegram admin. */
  isAdmin: boolean;
  isVolunteer: boolean;
  /** Posting as the group itself (an anonymous admin): an admin, but no person with a household. */
  isAnonymous: boolean;
}

/** Volunteers and admins may act for a household without a phone (assisted mode: `/need for 1502`, `/order … for`). */
export function canAssist(actor: Actor): boolean {
  return actor.isAdmin || actor.isVolunteer;
}

/** The organizer of a vote or a buy (as a person, not as the anonymous group) or an admin may manage it. */
export function canManage(actor: Actor, item: { organizerId: number }): boolean {
  return (actor.userId === item.organizerId && !actor.isAnonymous) || actor.isAdmin;
}

/** The actor's role, for what to show them (`/help`): admin, else volunteer, else resident. */
export function roleOf(actor: Actor): Role {
  if (actor.isAdmin) return 'admin';
  return actor.isVolunteer ? 'volunteer' : 'resident';
}
