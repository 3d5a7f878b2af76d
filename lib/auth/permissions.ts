// Who may do what: read by the API wrapper (403) and by pages (to hide what a person cannot do).
// Anything not listed here is open to every signed-in person of the company: reading, correcting
// documents, choosing categories, reprocessing, fetching now, testing connections, their own tokens.
import { AppError } from "../errors";

export type Role = "admin" | "member";

export const PERMISSIONS = {
  "people.manage": { roles: ["admin"], what: "add, change or remove people" },
  "accounts.manage": { roles: ["admin"], what: "add, edit or delete mailboxes" },
  "categories.manage": { roles: ["admin"], what: "manage categories, rules and classifier settings" },
  "documents.delete": { roles: ["admin"], what: "delete documents" },
  "tokens.manage_all": { roles: ["admin"], what: "see or revoke other people's API tokens" },
  "schedules.manage": { roles: ["admin"], what: "see, change or run the scheduled jobs" },
  "triage.manage": { roles: ["admin"], what: "add, change, reorder or delete triage rules" },
  "ops.manage": { roles: ["admin"], what: "see and steer the job queues, workers, fetching switches and metrics" },
  "company.manage": { roles: ["admin"], what: "change the company's settings (currency, email server, time zone, retention)" },
} as const satisfies Record<string, { roles: readonly Role[]; what: string }>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export const forbiddenMessage = (permission: Permission) => `Only an admin can ${PERMISSIONS[permission].what}`;

/** Throws the API's 403 when `role` may not do `permission`. */
export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new AppError("auth.forbidden", forbiddenMessage(permission), { status: 403 });
}
