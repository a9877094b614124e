import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every exported function of the features, the jobs and the database layer says in a doc comment when to call it or
// what it promises. Counted as exported functions: `export function f`, `export const f = (…) => …` or
// `= function …` (through parentheses, `as` and `satisfies`), and the public methods of an exported class (not
// private, protected or `#name`; not constructors or accessors). Counted as documented: a `/** … */` comment with
// some text attached to the declaration (for a const, to its `export const` statement; for overloads, to any
// signature), as the compiler attaches it: a `//` comment between the two does not detach it, a statement does.
const folders = ['src/features', 'src/jobs', 'src/db'];

function tsFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join(folder, path))
    .sort();
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isDocumented(node: ts.Node): boolean {
  return ts
    .getJSDocCommentsAndTags(node)
    .some((doc) => ts.isJSDoc(doc) && ts.getTextOfJSDocComment(doc.comment)?.trim());
}

function isFunctionValue(expression: ts.Expression | undefined): boolean {
  let e = expression;
  while (e && (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))) {
    e = e.expression;
  }
  return e !== undefined && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
}

/** `file:line name` for each exported function of the file that has no doc comment. */
function undocumented(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const offenders: string[] = [];
  const report = (node: ts.Node, name: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    offenders.push(`${relative(process.cwd(), file)}:${line} ${name}`);
  };
  const overloads = new Map<string, ts.FunctionDeclaration[]>();
  for (const statement of source.statements) {
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      overloads.set(name, [...(overloads.get(name) ?? []), statement]);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (isFunctionValue(declaration.initializer) && !isDocumented(declaration)) {
          report(declaration, declaration.name.getText(source));
        }
      }
    } else if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || ts.isPrivateIdentifier(member.name)) continue;
        if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) {
          continue;
        }
        if (!isDocumented(member))
          report(member, `${statement.name?.text ?? 'default'}.${member.name.getText(source)}`);
      }
    }
  }
  for (const [name, declarations] of overloads) {
    if (!declarations.some(isDocumented)) report(declarations[0]!, name);
  }
  return offenders;
}

describe('doc comments', () => {
  it('every exported function of src/features, src/jobs and src/db has one', () => {
    const files = folders.flatMap(tsFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(undocumented)).toEqual([]);
  });
});
