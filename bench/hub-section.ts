// bench/RESULTS.md's section of the city hub (SPEC §7). `npm run bench` writes it with the rest; `npm run bench --
// --only hub` writes it alone, in place, keeping every other part of the file as it is.

export const HUB_HEADING = '## A city of districts: the hub on PostgreSQL';

/** The hub's section of a RESULTS.md (from its heading to the next `## ` heading or the end), if it has one. */
export function hubSection(results: string): string | undefined {
  const from = results.indexOf(`\n${HUB_HEADING}\n`);
  if (from < 0) return undefined;
  const next = results.indexOf('\n## ', from + 1 + HUB_HEADING.length);
  return results.slice(from + 1, next < 0 ? undefined : next + 1).trimEnd();
}

/**
 * `results` with its hub section replaced by `section`; without one, `section` goes before `before` (a heading the
 * file has, such as the startup section's) or at the end.
 */
export function withHubSection(results: string, section: string, before?: string): string {
  const old = hubSection(results);
  if (old !== undefined) {
    const from = results.indexOf(old);
    const rest = results.slice(from + old.length).replace(/^\s*/, '');
    return `${results.slice(0, from)}${section.trimEnd()}\n${rest === '' ? '' : `\n${rest}`}`;
  }
  const at = before === undefined ? -1 : results.indexOf(`\n${before}\n`);
  if (at < 0) return `${results.trimEnd()}\n\n${section.trimEnd()}\n`;
  return `${results.slice(0, at).trimEnd()}\n\n${section.trimEnd()}\n${results.slice(at)}`;
}
