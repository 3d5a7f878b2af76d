import { cache } from "react";
import { sessionCaller } from "@/lib/http";

/** The signed-in caller or null, looked up once per request (pages, the shell and the language all ask). */
export const currentCaller = cache(sessionCaller);
