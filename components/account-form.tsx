"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { accountFormDefaults, accountFormSchema } from "@/lib/accounts/form";
import { accountSchema, type Account } from "@/lib/accounts/schemas";
import { apiAs } from "./api-contract";
import { Button, ButtonLink } from "./button";
import { FormError } from "./form-fields";
import { useSchemaForm } from "./use-schema-form";
import { TestConnectionButton, TestResultMessage, useConnectionTest } from "./account-buttons";
import { ConnectionFields } from "./account-connection-fields";
import { FetchingFields, FilterFields } from "./account-fetching-fields";

export type AccountFormApi = ReturnType<typeof useSchemaForm<ReturnType<typeof accountFormSchema>>>;

/**
 * Adds a mailbox (no `initial`) or changes a saved one, checked in the browser by the route's own
 * schema; saving then tests the connection, and the mailbox stays saved whatever the test says.
 */
export function AccountForm({ initial }: { initial?: Account }) {
  const t = useTranslations("accounts.form");
  const tActions = useTranslations("common.actions");
  // The account as last saved: after the first save a new account is edited from here on, never added twice.
  const [saved, setSaved] = useState(initial);
  const [justSaved, setJustSaved] = useState(false);
  const schema = useMemo(() => accountFormSchema(saved), [saved]);
  const form = useSchemaForm(schema, { defaultValues: accountFormDefaults(initial) });
  const test = useConnectionTest(saved?.id ?? "");

  const save = form.submit(async (body) => {
    setJustSaved(false);
    const account = await apiAs(accountSchema, saved ? `/api/accounts/${saved.id}` : "/api/accounts", { method: saved ? "PATCH" : "POST", body });
    setSaved(account);
    form.setValue("password", "");
    // Reloading now opens the saved account instead of a blank form that would add it again.
    if (!saved) window.history.replaceState(null, "", `/accounts/${account.id}/edit`);
    setJustSaved(true);
    if (account.status !== "disabled") await test.run(account.id);
  });

  return (
    <form onSubmit={save} noValidate className="space-y-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <ConnectionFields form={form} saved={saved} offerPresets={!initial} />
      <FetchingFields form={form} saved={saved} />
      <FilterFields form={form} />

      <div className="space-y-3 border-t border-slate-200 pt-6">
        <FormError message={form.formError} />
        <div aria-live="polite" className="space-y-1">
          {justSaved && (
            <p role="status" className="text-sm font-medium text-slate-900">
              {t("saved")}
            </p>
          )}
          <TestResultMessage test={test} />
          {justSaved && test.result && !test.result.ok && <p className="text-xs text-slate-600">{t("savedEitherWay")}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={form.busy || test.busy}>
            {form.busy && !test.busy ? tActions("saving") : saved ? tActions("saveChanges") : t("add")}
          </Button>
          <ButtonLink href={saved ? `/accounts/${saved.id}` : "/accounts"} variant="secondary">
            {justSaved ? t("open") : tActions("cancel")}
          </ButtonLink>
          {saved && (
            <span className="ms-auto flex items-center gap-2 text-xs text-slate-500">
              {t("testsSaved")}
              <TestConnectionButton test={test} variant="secondary" />
            </span>
          )}
        </div>
      </div>
    </form>
  );
}
