import { useTranslations } from "next-intl";
import type { Permission } from "@/lib/auth/permissions";

const KEYS = {
  "people.manage": "people",
  "accounts.manage": "accounts",
  "categories.manage": "categories",
  "documents.delete": "deleteDocuments",
  "tokens.manage_all": "tokens",
  "company.manage": "company",
  "schedules.manage": "schedules",
  "triage.manage": "triage",
  "ops.manage": "ops",
} as const satisfies Record<Permission, string>;

/** What a member sees on a page, or in place of a form, that only an admin may use. */
export function AdminOnly({ permission }: { permission: Permission }) {
  const t = useTranslations("common.adminOnly");
  return (
    <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      {t(KEYS[permission])} {t("askAnAdmin")}
    </p>
  );
}
