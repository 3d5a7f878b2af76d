"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "./button";

/** Copies `text`, or the text of the element with id `fromId` (so long text is not sent to the browser twice). */
export function CopyButton({ text, fromId, label }: { text?: string; fromId?: string; label?: string }) {
  const t = useTranslations("common.actions");
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text ?? (fromId ? (document.getElementById(fromId)?.textContent ?? "") : ""));
      setCopied(true);
    } catch {
      setCopied(false);
    }
    setTimeout(() => setCopied(null), 2000);
  }
  return (
    <Button variant="secondary" size="sm" onClick={copy} aria-live="polite">
      {copied === true ? t("copied") : copied === false ? t("selectAndCopy") : (label ?? t("copy"))}
    </Button>
  );
}
