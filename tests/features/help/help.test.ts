import { describe, expect, it } from 'vitest';
import { createI18n, translatorOf } from '../../../src/bot/i18n.ts';
import { inLanguage } from '../../../src/core/translate.ts';
import { type Role, roles, usableBy } from '../../../src/features/feature.ts';
import { renderHelp } from '../../../src/features/help/help.ts';
import { features } from '../../../src/features/index.ts';

const translate = translatorOf(createI18n());
const commands = features.flatMap((f) => f.commands);

/** The commands named in a help text, as `/name` at a line start or in the "in your group" line. */
function named(text: string): Set<string> {
  return new Set([...text.matchAll(/(?:^|[\s：:])\/([a-z]+)/gm)].map((m) => m[1]!));
}

describe('/help', () => {
  for (const locale of ['en', 'zh'] as const) {
    for (const chat of ['group', 'private'] as const) {
      for (const role of roles) {
        it(`lists every command ${role}s may use, and no other, in a ${chat} chat (${locale})`, () => {
          const text = renderHelp(inLanguage(translate, locale), commands, { role, chat });
          const shown = named(text);
          // here, and in a private chat also what works in the group
          const mayUse = (c: (typeof commands)[number]) =>
            usableBy(c, role, chat) || (chat === 'private' && usableBy(c, role, 'group'));
          for (const c of commands.filter(mayUse)) expect(shown, `/${c.name}`).toContain(c.name);
          for (const c of commands.filter((c) => !mayUse(c))) expect(shown).not.toContain(c.name);
          expect(text).not.toMatch(/\bhelp-[a-z]+|\bcmd-[a-z]+/);
        });
      }
    }
  }

  it('gives each line of a command that works here its usage, and names the group commands only in a DM', () => {
    const t = inLanguage(translate, 'en');
    const resident = renderHelp(t, commands, { role: 'resident', chat: 'private' });
    expect(resident).toContain(t('help-need'));
    expect(resident).not.toContain(t('help-vote'));
    expect(resident).toMatch(/In your building's group also: .*\/vote/);
    const inGroup = renderHelp(t, commands, { role: 'resident', chat: 'group' });
    expect(inGroup).toContain(t('help-vote'));
    expect(inGroup).not.toContain("In your building's group also");
  });

  it('groups the commands by role, the reader seeing only the sections of their own role and below', () => {
    const t = inLanguage(translate, 'en');
    const byRole = (role: Role) => renderHelp(t, commands, { role, chat: 'group' });
    expect(byRole('resident')).not.toContain('For volunteers:');
    expect(byRole('volunteer')).toContain('For volunteers:');
    expect(byRole('volunteer')).not.toContain('For admins:');
    expect(byRole('admin')).toContain('For admins:');
    expect(byRole('admin').indexOf('For admins:')).toBeGreaterThan(byRole('admin').indexOf(t('help-home')));
  });

  it('is short enough to be one message in every case', () => {
    for (const locale of ['en', 'zh'] as const) {
      for (const chat of ['group', 'private'] as const) {
        for (const role of roles) {
          const text = renderHelp(inLanguage(translate, locale), commands, { role, chat });
          expect(text.length).toBeLessThan(4096);
        }
      }
    }
  });
});
