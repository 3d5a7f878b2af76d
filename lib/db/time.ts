import { sql } from "drizzle-orm";

/** A Date as a SQL timestamptz; needed where drizzle cannot infer a column type to map it. */
export const timestamptz = (d: Date) => sql`${d.toISOString()}::timestamptz`;
