"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { Table, Tbody, Td, Th } from "@/components/table";
import { RelativeTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import type { FetchingState } from "@/lib/ops/flags";

/** The company's fetching switch, and one per mailbox. */
export function FetchingSwitches({ initial }: { initial: FetchingState }) {
  const t = useTranslations("ops.fetching");
  const action = useAction();
  const [state, setState] = useState(initial);
  const put = (path: string, paused: boolean) => action.run(async () => setState(await api<FetchingState>(path, { method: "PUT", body: { paused } })));
  return (
    <div className="space-y-6">
      <FormError message={action.error} />
      <div className="flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-switch="company">
        <span className="font-medium text-slate-900">{t("company")}</span>
        <Status paused={state.paused} since={state.paused_at} />
        <Button variant={state.paused ? "primary" : "danger"} disabled={action.busy} onClick={() => put("/api/ops/fetching", !state.paused)}>
          {state.paused ? t("start") : t("stop")}
        </Button>
      </div>
      {state.accounts.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noMailboxes")}</p>
      ) : (
        <Table label={t("title")}>
          <thead>
            <tr>
              <Th>{t("mailbox")}</Th>
              <Th>{t("on")}</Th>
              <Th>
                <span className="sr-only">{t("stop")}</span>
              </Th>
            </tr>
          </thead>
          <Tbody>
            {state.accounts.map((a) => (
              <tr key={a.id} data-account={a.id}>
                <Td>
                  <bdi>{a.email}</bdi>
                </Td>
                <Td>{state.paused && !a.paused ? <span className="text-amber-700">{t("stoppedByCompany")}</span> : <Status paused={a.paused} since={a.paused_at} />}</Td>
                <Td>
                  <Button size="sm" variant="secondary" disabled={action.busy} onClick={() => put(`/api/ops/fetching/accounts/${a.id}`, !a.paused)}>
                    {a.paused ? t("start") : t("stop")}
                  </Button>
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </div>
  );
}

function Status({ paused, since }: { paused: boolean; since: string | null }) {
  const t = useTranslations("ops.fetching");
  if (!paused) return <span className="text-emerald-700">{t("on")}</span>;
  return (
    <span className="text-red-700">
      {t("off")} {since && <RelativeTime value={since} />}
    </span>
  );
}
