"use client";

import { useLocale, useTranslations } from "next-intl";
import { changedConnection, defaultPort, type ConnectionKey } from "@/lib/accounts/form";
import { SECURITIES, type Account } from "@/lib/accounts/schemas";
import { Fieldset, SelectField, TextField } from "./form-fields";
import type { AccountFormApi } from "./account-form";
import { PresetChoice, usePresets } from "./account-presets";

/**
 * Where the mailbox is and how to log in, with the well-known services' settings a click (or the address) away
 * when adding one. The password is asked for again when the server or login changes.
 */
export function ConnectionFields({ form, saved, offerPresets }: { form: AccountFormApi; saved?: Account; offerPresets: boolean }) {
  const t = useTranslations("accounts.form");
  const presets = usePresets(form);
  const locale = useLocale();
  const values = form.watch();
  const port = defaultPort(values.security);
  const changed = saved ? changedConnection(saved, values) : [];
  // The server sends a saved password only to the server and login it was saved for.
  const passwordRequired = !saved || !saved.has_password || changed.length > 0;
  const changedNames = (keys: ConnectionKey[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(keys.map((k) => t(`connection.${k}`)));
  // A field's own change handler, then `also` with the value the person typed or chose.
  const watched = (name: "email" | "host" | "security" | "port", also: (value: string) => void) => {
    const props = form.field(name);
    return { ...props, onChange: async (e: { target: { value: string } }) => (await props.onChange(e), also(e.target.value)) };
  };
  const serverField = (name: "host" | "security" | "port") => (offerPresets ? watched(name, presets.serverEdited) : form.field(name));
  return (
    <Fieldset legend={t("mailbox")}>
      {offerPresets && <PresetChoice presets={presets} />}
      <TextField label={t("email")} type="email" required autoComplete="off" dir="auto" {...(offerPresets && !saved ? watched("email", presets.emailChanged) : form.field("email"))} />
      <TextField label={t("host")} required placeholder="imap.example.com" autoComplete="off" spellCheck={false} dir="ltr" {...serverField("host")} />
      <SelectField label={t("security")} options={SECURITIES.map((s) => ({ value: s, label: t(`securityOptions.${s}`) }))} {...serverField("security")} />
      <TextField label={t("port")} type="number" inputMode="numeric" min={1} max={65535} placeholder={String(port)} hint={t("portHint", { port })} dir="ltr" {...serverField("port")} />
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
