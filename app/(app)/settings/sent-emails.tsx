"use client";

import { useTranslations } from "next-intl";
import { Table, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import type { SentEmailJson } from "@/lib/outbox/schemas";

const STATUS_CLASS = { sent: "text-emerald-700", pending: "text-slate-600", failed: "text-red-700" } as const;

/** The latest emails Mailroom sent for the company: a failed one shows with what the server said. */
export function SentEmails({ emails }: { emails: SentEmailJson[] }) {
  const t = useTranslations("settings.smtp.sent");
  return (
    <div className="mt-6 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("title")}</h3>
      {emails.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <div className="mt-2">
          <Table label={t("title")}>
            <thead>
              <tr>
                <Th>{t("when")}</Th>
                <Th>{t("to")}</Th>
                <Th>{t("subject")}</Th>
                <Th>{t("result")}</Th>
              </tr>
            </thead>
            <tbody>
              {emails.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap">
                    <DateTime value={e.sent_at ?? e.created_at} />
                  </Td>
                  <Td>
                    <bdi>{e.to}</bdi>
                  </Td>
                  <Td>
                    <bdi>{e.subject}</bdi>
                  </Td>
                  <Td>
                    <span className={STATUS_CLASS[e.status]}>{t(`statuses.${e.status}`)}</span>
                    {e.attempts > 1 && <span className="ms-1 text-xs text-slate-500">({t("attempts", { count: e.attempts })})</span>}
                    {e.error && (
                      <p className="mt-1 text-xs text-red-800" lang="en" dir="ltr">
                        {e.error}
                      </p>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
