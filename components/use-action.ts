"use client";

import { useCallback, useState } from "react";
import { useTranslations } from "next-intl";
import { errorMessage } from "./api-client";

/**
 * The busy flag and error message of one button or form that calls the API: `run` clears the
 * error, marks busy, and keeps the thrown message for the person to read.
 */
export function useAction() {
  const t = useTranslations("common.errors");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, onError: (err: unknown) => string | null = (err) => errorMessage(err, t)) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        setError(onError(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, setError, run };
}
