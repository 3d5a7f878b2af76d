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
      setError(res?.error === "CredentialsSignin" || res?.status === 401 ? "Wrong email or password" : "Could not sign in right now: try again in a moment");
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
