"use client";

import { useLocale, useTranslations } from "next-intl";
import { changedConnection, defaultPort, type ConnectionKey } from "@/lib/accounts/form";
import { SECURITIES, type Account } from "@/lib/accounts/schemas";
import { Fieldset, SelectField, TextField } from "./form-fields";
import type { AccountFormApi } from "./account-form";

/** Where the mailbox is and how to log in. The password is asked for again when the server or login changes. */
export function ConnectionFields({ form, saved }: { form: AccountFormApi; saved?: Account }) {
  const t = useTranslations("accounts.form");
  const locale = useLocale();
  const values = form.watch();
  const port = defaultPort(values.security);
  const changed = saved ? changedConnection(saved, values) : [];
  // The server sends a saved password only to the server and login it was saved for.
  const passwordRequired = !saved || !saved.has_password || changed.length > 0;
  const changedNames = (keys: ConnectionKey[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(keys.map((k) => t(`connection.${k}`)));
  return (
    <Fieldset legend={t("mailbox")}>
      <TextField label={t("email")} type="email" required autoFocus={!saved} autoComplete="off" dir="auto" {...form.field("email")} />
      <TextField label={t("host")} required placeholder="imap.example.com" autoComplete="off" spellCheck={false} dir="ltr" {...form.field("host")} />
      <SelectField label={t("security")} options={SECURITIES.map((s) => ({ value: s, label: t(`securityOptions.${s}`) }))} {...form.field("security")} />
      <TextField label={t("port")} type="number" inputMode="numeric" min={1} max={65535} placeholder={String(port)} hint={t("portHint", { port })} dir="ltr" {...form.field("port")} />
      <TextField
        label={t("username")}
        placeholder={values.email || t("usernamePlaceholder")}
        autoComplete="off"
        spellCheck={false}
        hint={t("usernameHint")}
        dir="auto"
        {...form.field("username")}
      />
      <TextField
        label={t("password")}
        type="password"
        required={passwordRequired}
        autoComplete="new-password"
        placeholder={passwordRequired ? undefined : t("passwordUnchanged")}
        hint={!saved ? t("passwordHintNew") : changed.length === 0 ? t("passwordHintKeep") : t("passwordHintChanged", { changed: changedNames(changed) })}
        {...form.field("password")}
      />
    </Fieldset>
  );
}
