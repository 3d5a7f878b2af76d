"use client";

import { useTranslations } from "next-intl";
import { POST_ACTIONS, type Account } from "@/lib/accounts/schemas";
import { CheckboxField, Fieldset, SelectField, TextField } from "./form-fields";
import type { AccountFormApi } from "./account-form";

/** Which folders, how often, and what happens to a message once it is stored. */
export function FetchingFields({ form, saved }: { form: AccountFormApi; saved?: Account }) {
  const t = useTranslations("accounts.form");
  const move = form.watch("post_action") === "move";
  return (
    <Fieldset legend={t("fetching")}>
      <TextField label={t("folders")} hint={t.rich("foldersHint", { code: (c) => <code>{c}</code> })} spellCheck={false} dir="auto" {...form.field("folders")} />
      <TextField label={t("interval")} type="number" min={60} max={86400} step={1} hint={t("intervalHint")} {...form.field("fetch_interval")} />
      <CheckboxField label={t("autoFetch")} hint={t("autoFetchHint")} className="sm:col-span-2" {...form.field("auto_fetch")} />
      <CheckboxField label={t("autoAcknowledge")} hint={t("autoAcknowledgeHint")} className="sm:col-span-2" {...form.field("auto_acknowledge")} />
      {saved && <CheckboxField label={t("enabled")} hint={t("enabledHint")} className="sm:col-span-2" {...form.field("enabled")} />}
      <SelectField label={t("postAction")} options={POST_ACTIONS.map((a) => ({ value: a, label: t(`postActions.${a}`) }))} {...form.field("post_action")} />
      {move && <TextField label={t("moveTo")} required placeholder={t("moveToPlaceholder")} spellCheck={false} dir="auto" {...form.field("post_action_folder")} />}
    </Fieldset>
  );
}

/** Only matching mail and files become documents; a blank filter takes everything. */
export function FilterFields({ form }: { form: AccountFormApi }) {
  const t = useTranslations("accounts.form.filters");
  return (
    <Fieldset legend={t("legend")} description={t("description")}>
      <TextField label={t("from")} placeholder="*@supplier.com, billing@*" spellCheck={false} dir="auto" {...form.field("filters.from")} />
      <TextField label={t("subject")} placeholder={t("subjectPlaceholder")} dir="auto" {...form.field("filters.subject")} />
      <TextField label={t("include")} placeholder={t("includePlaceholder")} spellCheck={false} dir="auto" {...form.field("filters.filename_include")} />
      <TextField label={t("exclude")} placeholder={t("excludePlaceholder")} spellCheck={false} dir="auto" {...form.field("filters.filename_exclude")} />
      <TextField label={t("maxAge")} type="number" min={1} max={36500} placeholder={t("noLimit")} {...form.field("filters.max_age_days")} />
    </Fieldset>
  );
}
