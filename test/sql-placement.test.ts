import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

// SQL lives in repositories: a `*.repository.ts` function is one statement, and src/storage/ runs
// them. Services, plugins and routes call repositories, never the database handle itself. And every
// piece of SQL that names an account's `balance` or `blocked` column is in src/domain/balances/, where
// the available-balance rule is written once (docs/architecture.md). This reads every string and
// template literal of src/ and every call of `.query(` and `.exec(`, and fails on one out of place.
// Migrations are SQL files of migrations/, outside src/.

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

interface Found {
  line: number;
  /** A literal's text, a template's parts joined by `?`; or, for a call, the call as written. */
  text: string;
}

/** The string and template literals of a source text, and its calls of a `query` or `exec` method. */
function literalsAndCalls(fileName: string, source: string): { literals: Found[]; calls: Found[] } {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const literals: Found[] = [];
  const calls: Found[] = [];
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      literals.push({ line: lineOf(node), text: node.text });
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('?');
      literals.push({ line: lineOf(node), text });
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['query', 'exec'].includes(node.expression.name.text) &&
      // A regular expression's exec() is not the database's.
      !ts.isRegularExpressionLiteral(node.expression.expression)
    ) {
      calls.push({ line: lineOf(node), text: node.expression.getText(file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { literals, calls };
}

/** A statement, or the start of one: the house writes SQL keywords in capitals. */
const STATEMENT =
  /\bSELECT\s+[\w*($'-]|\bINSERT\s+INTO\b|\bUPDATE\s+\w+(\s+\w+)?\s+SET\b|\bDELETE\s+FROM\b|\bWITH\s+\w+\s+AS\b/;
/** SQL's own words, as a fragment meant for a statement carries them. */
const SQL_WORDS = /\b(FROM|WHERE|AND|OR|NOT|CASE|WHEN|THEN|ELSE|END|IS NULL|IS FALSE|SET|RETURNING|ORDER BY)\b/;
const COLUMN = String.raw`(?<![\w.-])(balance|blocked)(?![\w.-])`;
const OPERATOR = String.raw`(<>|>=|<=|=|<|>|-|\+|\*|/|::)`;
/** `a.balance`, or the bare column beside an SQL operator or cast (the house spaces its operators). */
const COLUMN_IN_AN_EXPRESSION = new RegExp(
  String.raw`(?<![\w.])\w+\.(balance|blocked)(?![\w.-])|${COLUMN}\s+${OPERATOR}\s|\s${OPERATOR}\s+${COLUMN}`,
);

const isSql = (text: string) => STATEMENT.test(text) || SQL_WORDS.test(text);
const namesBalanceColumns = (text: string) =>
  COLUMN_IN_AN_EXPRESSION.test(text) || (isSql(text) && new RegExp(COLUMN).test(text));

const holdsSql = (file: string) => file.endsWith('.repository.ts') || file.startsWith(join('src', 'storage') + '/');
const holdsBalanceSql = (file: string) => file.startsWith(join('src', 'domain', 'balances') + '/');

/** What is out of place in one file, as `file:line text`. */
function misplaced(file: string, source: string) {
  const { literals, calls } = literalsAndCalls(file, source);
  const at = (found: Found) => `${file}:${found.line} ${found.text.replace(/\s+/g, ' ').slice(0, 100)}`;
  return {
    statements: holdsSql(file) ? [] : literals.filter((l) => STATEMENT.test(l.text)).map(at),
    calls: holdsSql(file) ? [] : calls.map(at),
    balanceColumns: holdsBalanceSql(file) ? [] : literals.filter((l) => namesBalanceColumns(l.text)).map(at),
  };
}

async function misplacedInSrc() {
  const found = { statements: [] as string[], calls: [] as string[], balanceColumns: [] as string[] };
  for (const file of await sourceFiles('src')) {
    const here = misplaced(file, await readFile(file, 'utf8'));
    found.statements.push(...here.statements);
    found.calls.push(...here.calls);
    found.balanceColumns.push(...here.balanceColumns);
  }
  return found;
}

describe('SQL placement', () => {
  it('finds statements, database calls and balance columns wherever they are written', () => {
    const service = [
      "const a = await db.query('SELECT 1 FROM accounts WHERE id = $1', [id]);",
      'await tx.exec(`UPDATE accounts SET frozen = ${flag} WHERE id = $1`);',
      "const b = 'WITH gone AS (DELETE FROM blockages RETURNING amount) SELECT sum(amount) FROM gone';",
      "const c = 'INSERT INTO blockages (id) VALUES ($1)';",
      "const d = 'a.balance <> 0';",
      'const e = `CASE WHEN frozen THEN 0 ELSE balance - blocked END`;',
      'const f = /^x (\\d+)/m.exec(text);',
      "const g = 'The account balance and the available balance (balance less blockages).';",
      'const h = request.query;',
    ].join('\n');
    assert.deepEqual(misplaced('src/domain/x/x.service.ts', service), {
      statements: [
        'src/domain/x/x.service.ts:1 SELECT 1 FROM accounts WHERE id = $1',
        'src/domain/x/x.service.ts:2 UPDATE accounts SET frozen = ? WHERE id = $1',
        'src/domain/x/x.service.ts:3 WITH gone AS (DELETE FROM blockages RETURNING amount) SELECT sum(amount) FROM gone',
        'src/domain/x/x.service.ts:4 INSERT INTO blockages (id) VALUES ($1)',
      ],
      calls: ['src/domain/x/x.service.ts:1 db.query', 'src/domain/x/x.service.ts:2 tx.exec'],
      balanceColumns: [
        'src/domain/x/x.service.ts:5 a.balance <> 0',
        'src/domain/x/x.service.ts:6 CASE WHEN frozen THEN 0 ELSE balance - blocked END',
      ],
    });
    const repository = misplaced('src/domain/x/x.repository.ts', service);
    assert.deepEqual([repository.statements, repository.calls], [[], []]);
    assert.equal(repository.balanceColumns.length, 2);
    assert.deepEqual(misplaced('src/domain/balances/x.repository.ts', service).balanceColumns, []);
  });

  it('keeps SQL and calls of the database handle in repositories and src/storage/', async () => {
    const { statements, calls } = await misplacedInSrc();
    assert.deepEqual({ statements, calls }, { statements: [], calls: [] });
  });

  it("keeps SQL naming an account's balance or blocked sum in src/domain/balances/", async () => {
    assert.deepEqual((await misplacedInSrc()).balanceColumns, []);
  });
});
