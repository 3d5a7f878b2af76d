// The account form's side of the contract: what the person types, turned into the body the route
// parses, and checked in the browser by that same schema (browser-safe: zod and schemas.ts only).
import { z } from "../zod";
import { createAccountSchema, POST_ACTIONS, SECURITIES, updateAccountSchema, type Account, type CreateAccountInput, type Security, type UpdateAccountInput } from "./schemas";

/** The settings that decide where a saved password is sent. */
export const CONNECTION_KEYS = ["host", "port", "security", "username"] as const;
export type ConnectionKey = (typeof CONNECTION_KEYS)[number];

const patterns = z.string();

/** The form's values as typed: text for text boxes, booleans for checkboxes. */
export const accountFormValuesSchema = z.object({
  email: z.string(),
  host: z.string(),
  security: z.enum(SECURITIES),
  port: z.string(),
  username: z.string(),
  password: z.string(),
  folders: z.string(),
  fetch_interval: z.string(),
  auto_fetch: z.boolean(),
  auto_acknowledge: z.boolean(),
  enabled: z.boolean(),
  post_action: z.enum(POST_ACTIONS),
  post_action_folder: z.string(),
  filters: z.object({ from: patterns, subject: patterns, filename_include: patterns, filename_exclude: patterns, max_age_days: z.string() }),
});
export type AccountFormValues = z.infer<typeof accountFormValuesSchema>;
export type AccountRequest = CreateAccountInput | UpdateAccountInput;

export const defaultPort = (security: Security) => (security === "tls" ? 993 : 143);

/** The form's starting values: a saved account's settings, or a new account's defaults. */
export function accountFormDefaults(saved?: Account): AccountFormValues {
  const f = saved?.filters ?? {};
  const join = (list?: string[]) => list?.join(", ") ?? "";
  return {
    email: saved?.email ?? "",
    host: saved?.host ?? "",
    security: saved?.security ?? "tls",
    port: saved?.port ? String(saved.port) : "",
    // Blank means "the email address": only a different login is shown.
    username: saved?.username && saved.username !== saved.email ? saved.username : "",
    password: "",
    folders: join(saved?.folders ?? ["INBOX"]),
    fetch_interval: String(saved?.fetch_interval ?? 300),
    auto_fetch: saved?.auto_fetch ?? true,
    auto_acknowledge: saved?.auto_acknowledge ?? false,
    enabled: saved?.status !== "disabled",
    post_action: saved?.post_action ?? "none",
    post_action_folder: saved?.post_action_folder ?? "",
    filters: { from: join(f.from), subject: join(f.subject), filename_include: join(f.filename_include), filename_exclude: join(f.filename_exclude), max_age_days: f.max_age_days ? String(f.max_age_days) : "" },
  };
}

/**
 * The form checked by the route's own schema (POST's for a new account, PATCH's for a saved one), so the
 * browser says what the server would. Its output is the request body; each issue keeps the field's path.
 */
export function accountFormSchema(saved?: Account): z.ZodType<AccountRequest, AccountFormValues> {
  const route: z.ZodType<AccountRequest> = saved ? updateAccountSchema : createAccountSchema;
  return accountFormValuesSchema.transform((values, ctx) => {
    const result = route.safeParse(accountBody(values, saved));
    if (result.success) return result.data;
    // A pattern's or folder's index names no field of its own: its list's field shows the message.
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path.filter((p) => typeof p === "string") } as never);
    return z.NEVER;
  });
}

/** Where the form would connect: a blank port is the security's usual one, a blank username the email address. */
export function formConnection(v: Pick<AccountFormValues, "email" | ConnectionKey>) {
  return { host: v.host.trim(), port: Number(v.port.trim() || defaultPort(v.security)), security: v.security, username: v.username.trim() || v.email.trim() };
}

/** The connection settings in the form that differ from the saved ones: changing any needs the password again. */
export function changedConnection(saved: Account, v: Pick<AccountFormValues, "email" | ConnectionKey>): ConnectionKey[] {
  const before = { host: saved.host ?? "", port: saved.port ?? defaultPort(saved.security), security: saved.security, username: saved.username ?? saved.email };
  const now = formConnection(v);
  return CONNECTION_KEYS.filter((k) => before[k] !== now[k]);
}

function accountBody(v: AccountFormValues, saved?: Account): Record<string, unknown> {
  const connection = formConnection(v);
  const { max_age_days, ...lists } = v.filters;
  const body: Record<string, unknown> = {
    email: v.email.trim(),
    folders: v.folders.trim() || "INBOX",
    fetch_interval: v.fetch_interval.trim() || 300,
    auto_fetch: v.auto_fetch,
    auto_acknowledge: v.auto_acknowledge,
    post_action: v.post_action,
    filters: { ...lists, max_age_days: max_age_days.trim() || null },
  };
  // A change sends only the connection settings that differ, so an unchanged server never asks for the password.
  for (const key of saved ? changedConnection(saved, v) : CONNECTION_KEYS) body[key] = connection[key];
  if (v.password || !saved) body.password = v.password;
  if (v.post_action === "move") body.post_action_folder = v.post_action_folder.trim() || null;
  else if (saved) body.post_action_folder = null;
  // Send a status only when it changes: saving must not wipe an auth_error the worker recorded.
  if (saved && !v.enabled && saved.status !== "disabled") body.status = "disabled";
  if (saved && v.enabled && saved.status === "disabled") body.status = "ok";
  return body;
}
