import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { companies, users } from "../db/schema/companies";
import { AppError, isUniqueViolation } from "../errors";
import { hashPassword } from "./passwords";
import type { CreateUserInput, SetupInput, User } from "./schemas";
import type { Locale } from "../i18n/locales";

export type UserRow = typeof users.$inferSelect;
export type Caller = { userId: string; companyId: string; role: "admin" | "member"; email: string; locale?: Locale | null };
/** What the session cookie carries: the user id and the session version it was issued under. */
export type SessionClaims = { uid?: string; sv?: number };

export const userJson = (u: UserRow): User => ({ id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, disabled: u.disabledAt !== null, created_at: u.createdAt });

export async function hasAnyUser(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row.n > 0;
}

/** First run only: creates the company and its admin. Refuses once anyone exists. */
export async function setupFirstAdmin(db: DbOrTx, input: SetupInput): Promise<UserRow> {
  return db.transaction(async (tx) => {
    // Serialise concurrent first visits so only one admin is created.
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    if (await hasAnyUser(tx)) throw new AppError("setup.done", "Mailroom is already set up: sign in instead", { status: 409 });
    const [company] = await tx.insert(companies).values({ name: input.company, ...(input.time_zone ? { timeZone: input.time_zone } : {}) }).returning();
    const [user] = await tx
      .insert(users)
      .values({ companyId: company.id, email: input.email, name: input.name, passwordHash: await hashPassword(input.password), role: "admin" })
      .returning();
    return user;
  });
}

/** Creates a user in a company; with a company name (CLI), that company is found or created. */
export async function createUser(db: DbOrTx, target: { companyId: string } | { companyName: string }, input: CreateUserInput): Promise<UserRow> {
  return db.transaction(async (tx) => {
    let companyId: string;
    if ("companyId" in target) companyId = target.companyId;
    else {
      const [found] = await tx.select().from(companies).where(eq(companies.name, target.companyName)).limit(1);
      companyId = found?.id ?? (await tx.insert(companies).values({ name: target.companyName }).returning())[0].id;
    }
    try {
      const [user] = await tx
        .insert(users)
        .values({ companyId, email: input.email, name: input.name, passwordHash: await hashPassword(input.password), role: input.role })
        .returning();
      return user;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError("users.exists", `A user with email ${input.email} already exists`, { status: 409 });
      throw err;
    }
  });
}

export async function listUsers(db: DbOrTx, companyId: string) {
  return db.select().from(users).where(eq(users.companyId, companyId)).orderBy(users.createdAt);
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return u;
}

/**
 * The person a session cookie names, or null when they were removed, disabled, or ended their
 * sessions since it was issued (its version is older than theirs).
 */
export async function callerFromSession(db: DbOrTx, session: unknown): Promise<Caller | null> {
  const { uid, sv } = (session ?? {}) as SessionClaims;
  if (!uid) return null;
  const [u] = await db.select().from(users).where(eq(users.id, uid));
  if (!u || u.disabledAt || u.sessionVersion !== (sv ?? 0)) return null;
  return { userId: u.id, companyId: u.companyId, role: u.role, email: u.email, locale: u.locale };
}

/** The names the app shell shows: the company and the person. */
export async function shellNames(db: DbOrTx, caller: Pick<Caller, "companyId" | "userId">) {
  const [row] = await db
    .select({ company: companies.name, user: users.name })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.id, caller.userId), eq(users.companyId, caller.companyId)));
  return { company: row?.company ?? "", user: row?.user ?? null };
}
