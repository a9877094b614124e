const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An `Intl.DateTimeFormat`, made once per locale and options: making one costs a hundred times more than using
 * it, and a group-buy card under a burst of presses shows its deadline on every re-render.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** A date and time as residents read it, in the building's time zone and language (`4月2日 20:00`, `Apr 2, 20:00`). */
export function formatDateTime(at: number, timezone: string, locale: 'en' | 'zh'): string {
  return dateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/** A time of day as residents read it, in the building's time zone (`09:12`). */
export function formatTime(at: number, timezone: string): string {
  return dateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(at),
  );
}
