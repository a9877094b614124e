/** A date and time as residents read it, in the building's time zone and language (`4月2日 20:00`, `Apr 2, 20:00`). */
export function formatDateTime(at: number, timezone: string, locale: 'en' | 'zh'): string {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}
