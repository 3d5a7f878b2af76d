import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createTranslator } from "next-intl";
import { getDb } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { MESSAGES } from "../i18n/messages";
import { localizedError, requestLocaleOf } from "../i18n/translate";
import type { Locale } from "../i18n/locales";
import { logger } from "../logger";
import { loginSchema } from "./contract";
import { clientAddress, login } from "./login";

export const authOptions: NextAuthOptions = {
  secret: env().AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const input = loginSchema.safeParse(credentials ?? {});
        if (!input.success) return null;
        try {
          const user = await login(getDb(), { ...input.data, address: clientAddress(req?.headers, env().TRUST_PROXY) });
          return user ? { id: user.id, email: user.email, name: user.name ?? user.email, sessionVersion: user.sessionVersion } : null;
        } catch (err) {
          // next-auth hands a thrown message to signIn() on the login page, so only our own sentences may pass, in the reader's language.
          const locale = readerLocale(req?.headers);
          if (err instanceof AppError && err.expose) throw new Error(signInMessage(err, locale));
          logger.error({ err }, "sign-in failed");
          throw new Error(localizedError("auth.unavailable", "Could not sign in right now: try again in a moment", locale));
        }
      },
    }),
  ],
  callbacks: {
    // Only the user id and session version travel in the token; company, role and whether the
    // session still counts are read fresh on every request (callerFromSession).
    jwt: ({ token, user }) => (user ? { ...token, uid: user.id, sv: (user as { sessionVersion?: number }).sessionVersion ?? 0 } : token),
    session: ({ session, token }) => ({ ...session, uid: token.uid as string, sv: (token.sv as number | undefined) ?? 0 }),
  },
};

/** The sign-in page's language (its cookie or the browser's), read from the headers next-auth passes on. */
function readerLocale(headers: Record<string, unknown> | undefined): Locale {
  const pairs = Object.entries(headers ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
  return requestLocaleOf(new Request("http://mailroom.invalid/", { headers: pairs }));
}

/** A refused sign-in in `locale`; a throttle says how many minutes to wait. */
function signInMessage(err: AppError, locale: Locale): string {
  const seconds = (err.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds;
  if (locale === "en" || err.code !== "auth.throttled" || !seconds) return localizedError(err.code, err.message, locale);
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "auth.login.errors" });
  return t("throttled", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}
