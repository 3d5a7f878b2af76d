"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
      if (res?.ok && !res.error) {
        router.replace(next);
        router.refresh();
        return;
      }
      setError(signInMessage(res?.error));
    } catch {
      setError("Could not reach Mailroom: check your connection and try again");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <TextField label="Email" name="email" type="email" required autoFocus autoComplete="username" />
      <TextField label="Password" name="password" type="password" required autoComplete="current-password" />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

/** next-auth passes the sentence authorize() threw (throttled, disabled) as `error`; its own codes are single words. */
function signInMessage(error: string | null | undefined): string {
  if (error === "CredentialsSignin") return "Wrong email or password";
  return error && /\s/.test(error) ? error : "Could not sign in right now: try again in a moment";
}
