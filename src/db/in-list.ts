import { Placeholder, type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * `column IN (the values)`, the values passed as one JSON array (`json_each`): the statement's text does not change
 * with their number, and a thousand values are one parameter rather than a thousand. In a prepared query, a
 * placeholder stands for the list: bind it to `JSON.stringify(values)`.
 */
export function inJsonList(column: SQLWrapper, values: ReadonlyArray<string | number> | Placeholder): SQL {
  const list = values instanceof Placeholder ? values : JSON.stringify(values);
  return sql`${column} IN (SELECT value FROM json_each(${list}))`;
}
