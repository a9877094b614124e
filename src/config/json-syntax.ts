/** Where a text stops being JSON: 1-based line and column, and what was expected there. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

/**
 * Finds the first syntax error of `text` as JSON, or returns null when `JSON.parse` would accept it.
 * Use it after `JSON.parse` has failed: Node's own messages carry no line and column, and some
 * carry no position at all (`Unexpected token '}', ... is not valid JSON`).
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  const found = (at = i): string => {
    const char = text[at];
    if (char === undefined) return 'the end of the file';
    if (char === '/') return '"/" (JSON has no comments)';
    return JSON.stringify(char);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };

  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else fail(`expected a value, found ${found()}`);
  };

  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a key in double quotes, found ${found()}`);
      string();
      skipSpace();
      if (text[i] !== ':') fail(`expected ":" after the key, found ${found()}`);
      i++;
      value();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected "," or "}" after a value, found ${found()}`);
      i++;
      skipSpace();
      if (text[i] === '}') fail('a comma before "}" (JSON allows no trailing comma)');
    }
  };

  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected "," or "]" after a value, found ${found()}`);
      i++;
      skipSpace();
      if (text[i] === ']') fail('a comma before "]" (JSON allows no trailing comma)');
    }
  };

  const string = (): void => {
    const start = i;
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined) fail('a string that never ends (missing closing ")', start);
      else if (char === '"') {
        i++;
        return;
      } else if (char === '\\') {
        const escaped = text[i + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs 4 hex digits');
          i += 6;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
        else fail(`unknown escape \\${escaped ?? ''} in a string`);
      } else if (char < ' ')
        fail(char === '\n' ? 'a line break inside a string (write \\n)' : 'a control character inside a string');
      else i++;
    }
  };

  const number = (): void => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = i;
    if (match.exec(text) === null) fail(`expected a number, found ${found()}`);
    i = match.lastIndex;
  };

  try {
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), message: error.message };
  }
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}
