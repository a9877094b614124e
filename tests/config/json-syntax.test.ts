import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/config/json-syntax.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON texts, compact or indented, and small edits of them that are often no longer JSON. */
const jsonText = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent));
const editedJsonText = fc
  .tuple(jsonText, fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\n', '0', '-', 'e', '.', '\\', 'x', ' '))
  .map(([text, at, insert]) => {
    const i = at % (text.length + 1);
    return insert === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
  });

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in any text JSON.parse accepts', () => {
    fc.assert(fc.property(jsonText, (text) => findJsonSyntaxError(text) === null));
  });

  it('finds an error exactly when JSON.parse refuses the text', () => {
    fc.assert(fc.property(editedJsonText, (text) => (findJsonSyntaxError(text) === null) === parses(text)));
  });

  it('points inside the text, on a line that exists', () => {
    fc.assert(
      fc.property(editedJsonText, (text) => {
        const error = findJsonSyntaxError(text);
        if (error === null) return true;
        const lines = text.split('\n');
        return (
          error.line >= 1 &&
          error.line <= lines.length &&
          error.column >= 1 &&
          error.column <= (lines[error.line - 1]?.length ?? 0) + 1
        );
      }),
    );
  });

  it('names what it expected and where', () => {
    expect(findJsonSyntaxError('{"a": 1,\n "b": }')).toEqual({
      line: 2,
      column: 7,
      message: 'expected a value, found "}"',
    });
    expect(findJsonSyntaxError('[1, 2,]')).toEqual({
      line: 1,
      column: 7,
      message: 'a comma before "]" (JSON allows no trailing comma)',
    });
    expect(findJsonSyntaxError('{"a": "two\nlines"}')).toMatchObject({
      line: 1,
      column: 11,
      message: 'a line break inside a string (write \\n)',
    });
    expect(findJsonSyntaxError('{"a": 1} // note')).toMatchObject({
      message: 'unexpected "/" (JSON has no comments) after the end of the JSON value',
    });
    expect(findJsonSyntaxError("{'a': 1}")).toMatchObject({
      line: 1,
      column: 2,
      message: `expected a key in double quotes, found "'"`,
    });
    expect(findJsonSyntaxError('{"a": 1')).toMatchObject({
      line: 1,
      column: 8,
      message: 'expected "," or "}" after a value, found the end of the file',
    });
    expect(findJsonSyntaxError('')).toMatchObject({
      line: 1,
      column: 1,
      message: 'expected a value, found the end of the file',
    });
  });
});
