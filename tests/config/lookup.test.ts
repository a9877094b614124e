import { describe, expect, it } from 'vitest';
import { buildingLanguage, educationTexts, parseConfig } from '../../src/config/index.ts';

const { config } = parseConfig({
  language: 'zh',
  buildings: [
    { id: 'b3', name: '3号楼', chatId: -1001000000003 },
    { id: 'b7', name: 'Building 7', chatId: -1001000000007, language: 'en' },
  ],
  education: {
    none: ['Keep water at home.'],
    red: { en: ['Stay inside.'], zh: ['请留在家中。'] },
    recovery: { zh: ['焦虑很常见。'] },
  },
});
const [b3, b7] = config.buildings;

describe('buildingLanguage', () => {
  it("uses the building's own language, else the config's", () => {
    if (b3 === undefined || b7 === undefined) throw new Error('two buildings expected');
    expect(buildingLanguage(config, b7)).toBe('en');
    expect(buildingLanguage(config, b3)).toBe('zh');
  });
});

describe('educationTexts', () => {
  it('gives one list to every language', () => {
    expect(educationTexts(config, 'none', 'en')).toEqual(['Keep water at home.']);
    expect(educationTexts(config, 'none', 'zh')).toEqual(['Keep water at home.']);
  });

  it('picks the texts of the language asked for', () => {
    expect(educationTexts(config, 'red', 'en')).toEqual(['Stay inside.']);
    expect(educationTexts(config, 'red', 'zh')).toEqual(['请留在家中。']);
  });

  it('falls back to the other language when one has no texts', () => {
    expect(educationTexts(config, 'recovery', 'en')).toEqual(['焦虑很常见。']);
  });

  it('gives nothing for a stage the config leaves out', () => {
    expect(educationTexts(config, 'orange', 'en')).toEqual([]);
  });
});
