import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { isUuid } from "../accounts/service";
import { apiTokens, companies, users } from "../db/schema/companies";
import { AppError, fieldError, notFound } from "../errors";
import { loginKeys, throttled } from "./login";
import { hashPassword, verifyPassword } from "./passwords";
import type { ChangePasswordInput, UpdateMeInput, UpdateUserInput } from "./schemas";
import type { Caller, UserRow } from "./users";

/**
 * Changes a person's role or disables/enables them. Disabling ends their sessions and deletes their
 * API tokens at once; enabling again does not bring either back. The company keeps an active admin.
 */
export async function updateUser(db: DbOrTx, companyId: string, id: string, input: UpdateUserInput): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const user = await lockPerson(tx, companyId, id);
    const staysActiveAdmin = (input.role ?? user.role) === "admin" && !(input.disabled ?? user.disabledAt !== null);
    if (!staysActiveAdmin) await keepAnotherAdmin(tx, user, "change or disable");
    const disabling = input.disabled === true && user.disabledAt === null;
    if (disabling) await tx.delete(apiTokens).where(eq(apiTokens.userId, user.id));
    const [updated] = await tx
      .update(users)
      .set({
        ...(input.role ? { role: input.role } : {}),
        ...(input.disabled === false ? { disabledAt: null } : {}),
        ...(disabling ? { disabledAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
      })
      .where(eq(users.id, user.id))
      .returning();
    return updated;
  });
}

/** Removes a person with their tokens; their sessions end because they no longer exist. */
export async function deleteUser(db: DbOrTx, companyId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await lockPerson(tx, companyId, id);
    await keepAnotherAdmin(tx, user, "remove");
    await tx.delete(users).where(eq(users.id, user.id));
  });
}

/** A person's own preferences: today the language the interface speaks to them. */
export async function updateMe(db: DbOrTx, caller: Caller, input: UpdateMeInput): Promise<UserRow> {
  const [user] = await db
    .update(users)
    .set({ locale: input.locale })
    .where(and(eq(users.id, caller.userId), eq(users.companyId, caller.companyId)))
    .returning();
  if (!user) throw notFound("users");
  return user;
}

/**
 * Anyone's own password change: the current password must be right (wrong guesses count against the
 * same limit as sign-ins), and every existing session ends, this one included.
 */
export async function changePassword(db: DbOrTx, caller: Caller, input: ChangePasswordInput): Promise<void> {
  const [user] = await db.select().from(users).where(and(eq(users.id, caller.userId), eq(users.companyId, caller.companyId)));
  if (!user) throw notFound("users");
  const right = await throttled(db, loginKeys(user.email, null), async () => (await verifyPassword(input.current_password, user.passwordHash)) || null);
  if (!right) throw fieldError("current_password", "is not your current password", "auth.wrong_password");
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.new_password), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, user.id));
}

/** The person, with the company's row locked so concurrent changes to its admins take turns. */
async function lockPerson(tx: DbOrTx, companyId: string, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("users");
  await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).for("update");
  const [user] = await tx.select().from(users).where(and(eq(users.id, id), eq(users.companyId, companyId)));
  if (!user) throw notFound("users");
  return user;
}

async function keepAnotherAdmin(tx: DbOrTx, user: UserRow, verb: string): Promise<void> {
  if (user.role !== "admin" || user.disabledAt !== null) return;
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, user.companyId), eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, user.id)))
    .limit(1);
  if (!other) throw new AppError("users.last_admin", `Cannot ${verb} the company's only active admin: make someone else an admin first`, { status: 409 });
}
