"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { PRESET_IDS, PRESETS, presetForEmail, type PresetId } from "@/lib/accounts/presets";
import { ChoiceButtons } from "./choice-buttons";
import type { AccountFormApi } from "./account-form";

export type Presets = ReturnType<typeof usePresets>;

/**
 * The service the mailbox is with: chosen by the person, or guessed from the address as it is typed
 * until the person picks a service or edits the server settings themselves. Choosing one fills them in;
 * typing another server by hand makes it Other.
 */
export function usePresets(form: AccountFormApi) {
  const [preset, setPreset] = useState<PresetId>("other");
  const [guessing, setGuessing] = useState(true);

  const fill = (id: PresetId) => {
    setPreset(id);
    if (id === "other") return;
    const options = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
    form.setValue("host", PRESETS[id].host, options);
    form.setValue("security", PRESETS[id].security, options);
    form.setValue("port", String(PRESETS[id].port), options);
  };

  return {
    preset,
    choose(id: PresetId) {
      setGuessing(false);
      fill(id);
    },
    emailChanged(email: string) {
      const guess = presetForEmail(email);
      if (!guessing || guess === preset) return;
      // The guess filled the server settings, so an address no longer its service's takes them back.
      if (guess === "other") for (const [name, blank] of [["host", ""], ["security", "tls"], ["port", ""]] as const) form.setValue(name, blank);
      fill(guess);
    },
    serverEdited() {
      setGuessing(false);
      // Another server is no longer the service's; another port or security still is.
      if (preset !== "other" && form.getValues("host").trim() !== PRESETS[preset].host) setPreset("other");
    },
  };
}

/** The row of services at the top of the Add mailbox form, and what to know about the chosen one. */
export function PresetChoice({ presets }: { presets: Presets }) {
  const t = useTranslations("accounts.presets");
  const note = presets.preset === "other" ? null : t.rich(`notes.${presets.preset}`, {
    link: (c) => <Link href="/accounts" className="font-medium text-indigo-700 underline">{c}</Link>,
    code: (c) => <code dir="ltr">{c}</code>,
  });
  return (
    <div className="space-y-2 sm:col-span-2">
      <ChoiceButtons
        legend={t("legend")}
        name="preset"
        options={PRESET_IDS.map((id) => ({ value: id, label: t(`names.${id}`) }))}
        value={presets.preset}
        onChange={presets.choose}
        describedBy={note ? "preset-note" : undefined}
      />
      {note && (
        <p id="preset-note" role="note" className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          {note}
        </p>
      )}
    </div>
  );
}
