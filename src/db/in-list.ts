import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * `column IN (the values)`, the values passed as one JSON array (`json_each`): the statement's text does not change
 * with their number, and a thousand values are one parameter rather than a thousand.
 */
export function inJsonList(column: SQLWrapper, values: ReadonlyArray<string | number>): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
