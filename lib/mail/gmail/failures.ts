import { z } from "../../zod";

/** Why a Gmail connect ended without an account; each has its own sentence on the connect page. */
export const CONNECT_FAILURES = ["access_denied", "invalid_grant", "no_refresh_token", "redirect_uri_mismatch", "invalid_state", "not_configured", "signed_out", "forbidden", "limit_reached", "failed"] as const;
export const connectFailureSchema = z.enum(CONNECT_FAILURES);
export type ConnectFailure = z.infer<typeof connectFailureSchema>;
