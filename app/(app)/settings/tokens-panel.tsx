"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Table, Tbody, Td } from "@/components/table";
import { DateTime, RelativeTime } from "@/components/time";
import type { ApiToken, CreatedApiToken } from "@/lib/auth/schemas";
import { NewTokenForm } from "./new-token-form";
import { RICH, SettingsSection, TableHead } from "./section";

/** `seesAll`: an admin sees (and may revoke) everyone's tokens, a member their own. */
export function TokensPanel({ tokens, seesAll }: { tokens: ApiToken[]; seesAll: boolean }) {
  const t = useTranslations("settings.tokens");
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const description = (
    <>
      {t.rich("description", { code: (chunks) => <code className="rounded bg-slate-100 px-1 font-mono text-xs" dir="ltr">{chunks}</code> })} {seesAll ? t("scopeAll") : t("scopeOwn")}
    </>
  );

  return (
    <SettingsSection id="tokens" title={t("title")} description={description}>
      {created && <CreatedToken token={created} onDone={() => setCreated(null)} />}
      <Card padded={false}>
        <NewTokenForm onCreated={setCreated} />
      </Card>
      {tokens.length === 0 ? <p className="mt-3 text-sm text-slate-500">{t("empty")}</p> : <TokensTable tokens={tokens} />}
    </SettingsSection>
  );
}

function TokensTable({ tokens }: { tokens: ApiToken[] }) {
  const t = useTranslations("settings.tokens");
  const router = useRouter();
  return (
    <div className="mt-3">
      <Table label={t("title")}>
        <TableHead columns={[t("name"), t("token"), t("createdBy"), t("lastUsed"), t("created")]} actions={t("actions")} />
        <Tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <Td className="font-medium text-slate-900">
                <bdi>{token.name}</bdi>
              </Td>
              <Td>
                <code className="font-mono text-xs text-slate-600" dir="ltr">
                  {token.prefix}…
                </code>
              </Td>
              <Td className="text-slate-500">
                <bdi>{token.user_email}</bdi>
              </Td>
              <Td className="whitespace-nowrap">
                <RelativeTime value={token.last_used_at} never={t("neverUsed")} />
              </Td>
              <Td className="whitespace-nowrap">
                <DateTime value={token.created_at} />
              </Td>
              <Td className="text-end">
                <ConfirmButton
                  label={t.rich("revoke", { name: token.name, ...RICH })}
                  title={t("revokeTitle", { name: token.name })}
                  message={t("revokeMessage")}
                  confirmLabel={t("revokeConfirm")}
                  onConfirm={async () => {
                    await api(`/api/tokens/${token.id}`, { method: "DELETE" });
                    router.refresh();
                  }}
                />
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}

/** The secret, shown this once. */
function CreatedToken({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const t = useTranslations("settings.tokens");
  return (
    <div role="status" className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="text-sm font-semibold text-emerald-900">{t("createdTitle", { name: token.name })}</p>
      <p className="mt-1 text-sm text-emerald-800">{t("createdHint")}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200 select-all" dir="ltr" data-testid="new-token">
          {token.token}
        </code>
        <CopyButton text={token.token} label={t("copy")} />
        <Button variant="ghost" size="sm" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
    </div>
  );
}
