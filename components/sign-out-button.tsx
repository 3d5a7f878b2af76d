"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "./button";

export function SignOutButton() {
  const t = useTranslations("shell");
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
      {busy ? t("signingOut") : t("signOut")}
    </Button>
  );
}
