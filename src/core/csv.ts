/**
 * One CSV field: quoted when it holds a comma, quote or line break; a leading `= + - @` (a formula to a
 * spreadsheet) is neutralised, since texts are typed by residents.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?[0-9.]+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to a CSV document that spreadsheets open correctly: UTF-8 byte order mark, CRLF line ends. */
export function csvDocument(rows: ReadonlyArray<readonly string[]>): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
