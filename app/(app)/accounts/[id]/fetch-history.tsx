import { getLocale, getTranslations } from "next-intl/server";
import type { AccountStats } from "@/lib/accounts/schemas";
import { formatters } from "@/components/format";
import { RunStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td } from "@/components/table";
import { TableHead } from "@/components/table-head";
import { DateTime } from "@/components/time";

/** The last fetches of a mailbox, newest first. */
export async function FetchHistory({ runs }: { runs: AccountStats["fetch_history"] }) {
  const [t, format] = await Promise.all([getTranslations("accounts.history"), getLocale().then(formatters)]);
  return (
    <section>
      <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("title")}</h2>
      {runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <Table label={t("title")}>
          <TableHead
            columns={[
              { label: t("started") },
              { label: t("status") },
              { label: t("messages"), className: "text-end" },
              { label: t("documents"), className: "text-end" },
              { label: t("took") },
              { label: t("error") },
            ]}
          />
          <Tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap">
                  <DateTime value={r.started_at} />
                </Td>
                <Td>
                  <RunStatusBadge status={r.status} />
                </Td>
                <Td className="text-end tabular-nums">{format.number(r.messages)}</Td>
                <Td className="text-end tabular-nums">{format.number(r.documents)}</Td>
                <Td className="whitespace-nowrap">{format.duration(r.started_at, r.finished_at)}</Td>
                <Td className="max-w-xs text-xs text-red-700">
                  <span className="line-clamp-2" title={r.error ?? undefined} dir="auto" lang="en">
                    {r.error}
                  </span>
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}

/** Messages a fetch left on the server (over the size limit), and why. */
export async function SkippedMessages({ messages }: { messages: AccountStats["skipped_messages"] }) {
  if (messages.length === 0) return null;
  const [t, tMail] = await Promise.all([getTranslations("accounts.skipped"), getTranslations("common.mail")]);
  return (
    <section>
      <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("title")}</h2>
      <Table label={t("tableLabel")}>
        <TableHead columns={[{ label: t("message") }, { label: t("why") }]} />
        <Tbody>
          {messages.map((m, i) => (
            <tr key={`${m.folder}-${m.uid ?? `gmail-${i}`}`}>
              <Td className="max-w-xs">
                <span className="line-clamp-1 text-start" dir="auto">
                  {m.subject || tMail("noSubject")}
                </span>
                <span className="block text-xs text-slate-500">
                  <bdi>{m.from ?? tMail("unknownSender")}</bdi> · <bdi>{m.folder}</bdi>
                </span>
              </Td>
              <Td className="text-xs text-slate-600" dir="auto" lang="en">
                {m.reason}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </section>
  );
}
