import { z } from "../zod";
import { notFound } from "../errors";

/** A path id that is not a uuid names nothing: 404, as an unknown id would. */
export function idParam(value: string | undefined, what: string): string {
  const r = z.uuid().safeParse(value);
  if (!r.success) throw notFound(what);
  return r.data;
}
