import { getTranslations } from "next-intl/server";
import type { AccountErrorCode } from "@/lib/accounts/schemas";

/** An account's last error in the reader's language; the stored English record follows as detail (or stands alone when it has no code). */
export async function AccountError({ code, detail, className, compact = false }: { code: AccountErrorCode | null; detail: string; className?: string; compact?: boolean }) {
  const t = await getTranslations("accounts.errors");
  if (!code) {
    return (
      <p className={className} dir="auto" lang="en">
        {detail}
      </p>
    );
  }
  // Compact (lists): the sentence, with the English on hover. Full (the account's page): both, the English smaller.
  if (compact) {
    return (
      <p className={className} title={detail}>
        {t(code)}
      </p>
    );
  }
  return (
    <div className={className}>
      <p>{t(code)}</p>
      <p className="mt-1 text-xs opacity-80" dir="auto" lang="en">
        {detail}
      </p>
    </div>
  );
}
