import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
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
        if (!credentials?.email || !credentials.password) return null;
        try {
          const user = await login(getDb(), { email: credentials.email, password: credentials.password, address: clientAddress(req?.headers, env().TRUST_PROXY) });
          return user ? { id: user.id, email: user.email, name: user.name ?? user.email, sessionVersion: user.sessionVersion } : null;
        } catch (err) {
          // next-auth hands a thrown message to signIn() on the login page, so only our own sentences may pass.
          if (err instanceof AppError && err.expose) throw new Error(err.message);
          logger.error({ err }, "sign-in failed");
          throw new Error("Could not sign in right now: try again in a moment");
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
