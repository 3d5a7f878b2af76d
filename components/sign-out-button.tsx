"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "./button";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await signOut({ redirect: false });
        window.location.assign("/login");
      }}
    >
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
