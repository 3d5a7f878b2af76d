import { getServerSession, type User } from "next-auth";
import { encode } from "next-auth/jwt";
import type { DbOrTx } from "@/lib/db/client";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<User | null>;

/**
 * Signs in the way the login form does: next-auth's credentials authorize, then its jwt callback,
 * then the signed cookie value. Import after `useWebEnv`, since the auth options read the environment.
 */
export async function signInCookie(email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const { authOptions } = await import("@/lib/auth/next-auth");
  const user = await authorize(email, password, headers);
  if (!user) throw new Error(`wrong email or password for ${email}`);
  const token = await authOptions.callbacks!.jwt!({ token: { sub: user.id }, user, account: null, trigger: "signIn" });
  return encode({ token, secret: authOptions.secret! });
}

/** The credentials provider's authorize, as next-auth calls it: a user, null, or a thrown message for the form. */
export async function authorize(email: string, password: string, headers: Record<string, string> = {}): Promise<User | null> {
  const { authOptions } = await import("@/lib/auth/next-auth");
  const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers });
}

/** Who a request carrying this session cookie is, read the way every page and route reads it. */
export async function callerOfCookie(db: DbOrTx, cookie: string) {
  const { authOptions } = await import("@/lib/auth/next-auth");
  const { callerFromSession } = await import("@/lib/auth/users");
  const noop = () => {};
  const res = { getHeader: noop, setCookie: noop, setHeader: noop };
  const session = await getServerSession({ headers: {}, cookies: { "next-auth.session-token": cookie } } as never, res as never, authOptions);
  return callerFromSession(db, session);
}
