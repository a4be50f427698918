/**
 * Names for statements, so that the database parses and plans each one once per connection and then
 * only binds and executes it (prepared statements). Every static statement of the app is named; past
 * MAX_NAMED distinct texts (the finds build their WHERE from the filters given, so their texts vary),
 * statements run unnamed, parsed and planned each time, so that no connection holds an unbounded
 * number of them.
 */
const MAX_NAMED = 500;

export function statementNames(): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_NAMED) names.set(sql, (name = `ledger_${names.size}`));
    return name;
  };
}
