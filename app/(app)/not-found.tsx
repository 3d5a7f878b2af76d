import { useTranslations } from "next-intl";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { SearchIcon } from "@/components/icons";

export default function NotFound() {
  const t = useTranslations("shell.notFound");
  return <EmptyState icon={<SearchIcon />} title={t("title")} description={t("description")} action={<ButtonLink href="/">{t("back")}</ButtonLink>} />;
}
