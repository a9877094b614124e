import type { T } from '../../core/translate.ts';
import { type CommandSpec, type Role, roleAllows, roleFor, roles, usableBy } from '../feature.ts';

export interface HelpReader {
  /** What the reader may do where they asked (in a DM: anywhere). */
  role: Role;
  chat: 'group' | 'private';
}

/**
 * The `/help` text for one reader: the commands they may use in this chat, grouped by role (everyone's, then the
 * volunteers', then the admins', as far as the reader's role goes); in a private chat also, by name, the group
 * commands they may use in their building's group. Built from the features' commands, so none is left out.
 */
export function renderHelp(t: T, commands: readonly CommandSpec[], reader: HelpReader): string {
  const here = commands.filter((c) => usableBy(c, reader.role, reader.chat));
  const lines = [t('help-intro'), ''];
  for (const role of roles) {
    if (!roleAllows(reader.role, role)) break;
    const own = here.filter((c) => roleFor(c, reader.chat) === role).map((c) => t(`help-${c.name}`));
    if (role === 'volunteer' && reader.chat === 'group') own.push(t('help-volunteer-assist'));
    if (own.length === 0) continue;
    lines.push(t(role === 'resident' ? 'help-commands' : `help-section-${role}`), ...own, '');
  }
  const elsewhere = commands.filter((c) => usableBy(c, reader.role, 'group') && !usableBy(c, reader.role, reader.chat));
  if (elsewhere.length > 0) lines.push(t('help-in-group', { commands: elsewhere.map((c) => `/${c.name}`).join(' ') }));
  return lines.join('\n').trimEnd();
}
