"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { FormError, inputClass } from "@/components/form-fields";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime, RelativeTime } from "@/components/time";
import { useAction } from "@/components/use-action";

type Token = { id: string; name: string; prefix: string; user_email: string | null; last_used_at: Date | string | null; created_at: Date | string };

/** `scope` says whose tokens are listed: an admin sees everyone's, a member their own. */
export function TokensPanel({ tokens, scope }: { tokens: Token[]; scope: string }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    await run(async () => {
      const res = await api<{ token: string; name: string }>("/api/tokens", { method: "POST", body: { name: name || undefined } });
      setCreated({ name: res.name, token: res.token });
      form.reset();
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="text-lg font-semibold text-slate-900">
        API tokens
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">
        Send a token as <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer mr_…</code> to use the JSON API. A token acts as the person who created it. {scope}
      </p>

      {created && (
        <div role="status" className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
          <p className="text-sm font-semibold text-emerald-900">Token “{created.name}” created</p>
          <p className="mt-1 text-sm text-emerald-800">Copy it now: it won’t be shown again.</p>
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200 select-all" data-testid="new-token">
              {created.token}
            </code>
            <CopyButton text={created.token} />
            <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      )}

      <Card padded={false}>
        <form onSubmit={create} className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-4">
          <div className="min-w-56 flex-1">
            <label htmlFor="token-name" className="block text-xs font-medium text-slate-600">
              New token name
            </label>
            <input id="token-name" name="name" required maxLength={100} placeholder="e.g. Accounting export" className={`${inputClass} mt-1`} />
          </div>
          <Button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create token"}
          </Button>
          {error && (
            <div className="w-full">
              <FormError message={error} />
            </div>
          )}
        </form>
        {tokens.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">No tokens yet.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="API tokens">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Token</Th>
                  <Th>Created by</Th>
                  <Th>Last used</Th>
                  <Th>Created</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <Tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <Td className="font-medium text-slate-900 text-left" dir="auto">
                      {t.name}
                    </Td>
                    <Td>
                      <code className="font-mono text-xs text-slate-600">{t.prefix}…</code>
                    </Td>
                    <Td className="text-slate-500">{t.user_email ?? "—"}</Td>
                    <Td className="whitespace-nowrap">
                      <RelativeTime value={t.last_used_at} />
                    </Td>
                    <Td className="whitespace-nowrap">
                      <DateTime value={t.created_at} />
                    </Td>
                    <Td className="text-right">
                      <ConfirmButton
                        label="Revoke"
                        title={`Revoke “${t.name}”?`}
                        message="Anything using this token stops working at once. This cannot be undone."
                        confirmLabel="Revoke token"
                        onConfirm={async () => {
                          await api(`/api/tokens/${t.id}`, { method: "DELETE" });
                          router.refresh();
                        }}
                      />
                    </Td>
                  </tr>
                ))}
              </Tbody>
            </table>
          </div>
        )}
      </Card>
    </section>
  );
}
