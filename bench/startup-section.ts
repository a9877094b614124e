// bench/RESULTS.md has two authors: `npm run bench` writes the file, and `npm run bench:startup` (which builds
// dist/ and starts each way five times) writes its own section at the end. Each keeps the other's part.

export const STARTUP_HEADING = '## Start and memory: the compiled build beside the TypeScript loader';

/** The startup section of a RESULTS.md (from its heading to the next `## ` heading or the end), if it has one. */
export function startupSection(results: string): string | undefined {
  const from = results.indexOf(`\n${STARTUP_HEADING}\n`);
  if (from < 0) return undefined;
  const next = results.indexOf('\n## ', from + 1 + STARTUP_HEADING.length);
  return results.slice(from + 1, next < 0 ? undefined : next + 1).trimEnd();
}

/** `results` with its startup section replaced by `section` (or `section` appended when it had none). */
export function withStartupSection(results: string, section: string): string {
  const old = startupSection(results);
  if (old === undefined) return `${results.trimEnd()}\n\n${section.trimEnd()}\n`;
  const from = results.indexOf(old);
  const rest = results.slice(from + old.length).replace(/^\s*/, '');
  return `${results.slice(0, from)}${section.trimEnd()}\n${rest === '' ? '' : `\n${rest}`}`;
}
