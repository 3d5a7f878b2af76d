"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { AlertIcon } from "@/components/icons";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("shell.error");
  const tActions = useTranslations("common.actions");
  return (
    <EmptyState
      icon={<AlertIcon />}
      title={t("title")}
      description={error.digest ? t("descriptionWithReference", { reference: error.digest }) : t("description")}
      action={<Button onClick={reset}>{tActions("retry")}</Button>}
    />
  );
}
