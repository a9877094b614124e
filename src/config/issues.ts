import type { z } from 'zod';

/**
 * Formats a JSON path the way an operator reads it in an editor: dots for keys, `[i]` for indexes
 * (`buildings[1].chatId`). Keys that are not plain identifiers are quoted (`education["my key"]`).
 * Use it for every path shown to a person, so errors and warnings look alike.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** One `path: message` line; an empty path is the whole document. */
export function problemLine(path: readonly PropertyKey[], message: string): string {
  return `${path.length === 0 ? '(top level)' : formatPath(path)}: ${message}`;
}

/**
 * A zod error map with short, plain English messages (`expected a number, got string`).
 * Pass it to `safeParse(value, { error: plainEnglish })`; messages set on a schema still win.
 * Returns undefined for the rare issues it does not word, which keeps zod's own message.
 */
export const plainEnglish: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? issue.minimum === 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === true ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === true ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected ${issue.values.length > 2 ? 'one of ' : ''}${issue.values.map(show).join(issue.values.length > 2 ? ', ' : ' or ')}, got ${show(issue.input)}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'expected a URL such as "https://example.org"' : undefined;
    case 'invalid_union':
      return 'does not match any of the accepted forms';
    default:
      return undefined;
  }
};

const EXPECTED: Partial<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [...]',
  object: 'an object {...}',
  null: 'null',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function show(value: unknown): string {
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? JSON.stringify(value)
      : kindOf(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Turns zod issues into `path: message` lines, all of them, grouped by the item they concern.
 * Zod reports cross-field checks after everything else; grouping puts `buildings[1].id: duplicate ...`
 * beside the other lines about `buildings[1]`, so the report reads item by item.
 * A union whose alternatives all failed is reported through the one alternative that had the right
 * shape (a list where a list was allowed), so `education.red.en[0]: expected a string, got number`
 * is shown rather than a vague "does not match".
 */
export function issueLines(issues: readonly z.core.$ZodIssue[]): string[] {
  const flat = flatten(issues, []);
  const groups = new Map<string, Problem[]>();
  for (const problem of flat) {
    const key = formatPath(itemOf(problem.path));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [problem]);
    else group.push(problem);
  }
  const lines = [...groups.values()].flat().map((problem) => problemLine(problem.path, problem.message));
  return [...new Set(lines)];
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): Problem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const closeEnough = issue.errors.filter((alternative) => !alternative.every(rejectsTheWholeValue));
      const [only] = closeEnough;
      if (closeEnough.length === 1 && only !== undefined) return flatten(only, path);
    }
    return [{ path, message: issue.message }];
  });
}

/** The path up to the first list item (`buildings[1]`), or the top-level key. */
function itemOf(path: readonly PropertyKey[]): readonly PropertyKey[] {
  const firstIndex = path.findIndex((segment) => typeof segment === 'number');
  return firstIndex === -1 ? path.slice(0, 1) : path.slice(0, firstIndex + 1);
}

function rejectsTheWholeValue(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}
