import type { z } from "zod";
import { api } from "./api-client";

/** An API call whose answer is read by its contract schema, so the page gets the type the route promises. */
export async function apiAs<S extends z.ZodType>(schema: S, path: string, init?: Parameters<typeof api>[1]): Promise<z.output<S>> {
  return schema.parse(await api(path, init));
}
