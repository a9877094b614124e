import type { BotConfig, BuildingConfig, EducationStage, Language } from './schema.ts';

/**
 * The language a building's group is answered in: its own `language`, else the config's.
 * Use it for every group message and scheduled post; DMs follow the user's Telegram language instead.
 */
export function buildingLanguage(config: BotConfig, building: BuildingConfig): Language {
  return building.language ?? config.language;
}

/**
 * The guidance texts for a stage of risk in one language, for `/learn` and the digest snippet.
 * A stage written as one list serves every language; a stage written per language falls back to
 * the other language's texts when this one has none, since some guidance beats none.
 */
export function educationTexts(config: BotConfig, stage: EducationStage, language: Language): readonly string[] {
  const texts = config.education[stage];
  if (Array.isArray(texts)) return texts;
  const own = texts[language];
  return own.length > 0 ? own : texts[language === 'en' ? 'zh' : 'en'];
}
