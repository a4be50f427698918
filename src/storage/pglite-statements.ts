import { protocol, type PGlite } from '@electric-sql/pglite';

// PGlite's own query() sends each statement as six calls into WebAssembly (parse, describe, bind,
// describe, execute, sync) and PostgreSQL parses and plans it afresh every time: about 0.1 ms before
// any work, and as much again to plan a join. Here a statement is parsed and described once, under a
// name, and from then on each execution is one call carrying bind, execute and sync, on a plan
// PostgreSQL keeps. Parameters and results are converted by PGlite's own serializers and parsers, so
// rows look exactly as query() would return them.
// None of this is PGlite's public API: package.json pins PGlite to an exact version for it (see pglite.ts).

const { serialize, messages } = protocol;

interface Statement {
  name: string;
  /** The type of each parameter, as PostgreSQL inferred it. */
  parameterTypes: number[];
  /** The columns of a row, or none for a statement that returns no rows. */
  fields: { name: string; dataTypeID: number }[];
}

/** Protocol messages joined into the one buffer a call into PGlite carries. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export class PgliteStatements {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly pglite: PGlite) {}

  /**
   * Runs `sql` as the statement `name`, preparing it on first use. The caller holds PGlite's query
   * lock (see openPglite): nothing else may talk to the database between the messages.
   */
  async run<Row>(name: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    if (this.pglite.closed) throw new Error('PGlite is closed');
    const statement = this.statements.get(sql) ?? (await this.prepare(name, sql));
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = this.pglite.serializers[statement.parameterTypes[i]!];
      return serializer ? serializer(param) : String(param);
    });
    const replies = await this.exchange([
      serialize.bind({ statement: statement.name, values }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const rows: Row[] = [];
    for (const reply of replies) {
      if (!(reply instanceof messages.DataRowMessage)) continue;
      const row: Record<string, unknown> = {};
      statement.fields.forEach((field, i) => {
        const text = reply.fields[i];
        const parser = this.pglite.parsers[field.dataTypeID];
        row[field.name] = text === null || text === undefined ? null : parser ? parser(text, field.dataTypeID) : text;
      });
      rows.push(row as Row);
    }
    return rows;
  }

  private async prepare(name: string, sql: string): Promise<Statement> {
    const replies = await this.exchange([
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    const statement: Statement = { name, parameterTypes: [], fields: [] };
    for (const reply of replies) {
      if (reply instanceof messages.ParameterDescriptionMessage) statement.parameterTypes = reply.dataTypeIDs;
      if (reply instanceof messages.RowDescriptionMessage)
        statement.fields = reply.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID }));
    }
    this.statements.set(sql, statement);
    return statement;
  }

  /** One call into PGlite; a database error among the replies is thrown once all of them are read. */
  private exchange(parts: Uint8Array[]) {
    return this.pglite.execProtocolStream(concat(parts), { syncToFs: false });
  }
}
