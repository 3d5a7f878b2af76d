"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, errorMessage } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { CheckboxField, FormError, inputClass } from "@/components/form-fields";
import { plural } from "@/components/format";
import { RelativeTime } from "@/components/time";

type Settings = { threshold: number; learn_from_rules: boolean; samples: number; categories_learned: number; full_trained_at: string | null };

export function ClassifierPanel({ settings, hasCategories }: { settings: Settings; hasCategories: boolean }) {
  const router = useRouter();
  const tErrors = useTranslations("common.errors");
  const [percent, setPercent] = useState(Math.round(settings.threshold * 100));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api("/api/categories/settings", { method: "PATCH", body: { threshold: percent / 100, learn_from_rules: f.get("learn_from_rules") === "on" } });
      setSaved(true);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err, tErrors));
    } finally {
      setBusy(false);
    }
  }

  const learned =
    settings.samples === 0
      ? "Nothing learned yet: categorize a few documents yourself, in at least two categories, and the classifier starts suggesting."
      : settings.categories_learned < 2
        ? `Learned from ${plural(settings.samples, "document")} in one category; it needs examples in at least two categories before it suggests anything.`
        : `Learned from ${plural(settings.samples, "document")} in ${plural(settings.categories_learned, "category", "categories")}.`;

  return (
    <section aria-labelledby="classifier-heading">
      <h2 id="classifier-heading" className="text-lg font-semibold text-slate-900">
        Classifier
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">
        Learns from every category a person gives a document, and is corrected whenever a person changes one. It runs inside Mailroom: no document leaves it.
      </p>
      <Card>
        <p className="text-sm text-slate-700" role="status">
          {learned}
          {settings.full_trained_at && (
            <span className="text-slate-500">
              {" "}
              Last full retrain <RelativeTime value={settings.full_trained_at} />.
            </span>
          )}
        </p>
        <form onSubmit={save} className="mt-5 space-y-5">
          <div className="max-w-md">
            <label htmlFor="threshold" className="block text-sm font-medium text-slate-700">
              Confidence threshold
            </label>
            <div className="mt-1 flex items-center gap-3">
              <input
                id="threshold"
                type="range"
                min={5}
                max={99}
                step={1}
                value={percent}
                onChange={(e) => setPercent(Number(e.target.value))}
                className="flex-1 accent-indigo-600"
                aria-describedby="threshold-hint"
                aria-valuetext={`${percent}%`}
              />
              <div className="w-20">
                <input
                  type="number"
                  min={5}
                  max={99}
                  value={percent}
                  onChange={(e) => setPercent(Math.min(99, Math.max(5, Number(e.target.value) || 5)))}
                  className={`${inputClass} tabular-nums`}
                  aria-label="Confidence threshold, percent"
                />
              </div>
              <span className="text-sm text-slate-500">%</span>
            </div>
            <p id="threshold-hint" className="mt-1 text-xs text-slate-500">
              The classifier’s suggestion is used only at or above this confidence; below it the document waits for review. Higher means fewer mistakes and more to review. Default 60%.
            </p>
          </div>
          <CheckboxField
            name="learn_from_rules"
            id="learn-from-rules"
            label="Also learn from documents that rules categorized"
            hint="Helps the classifier recognise documents similar to those your rules catch; people’s choices are always learned first."
            defaultChecked={settings.learn_from_rules}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={busy || !hasCategories}>
              {busy ? "Saving…" : "Save classifier settings"}
            </Button>
            {saved && <span className="text-sm text-emerald-700">Saved.</span>}
          </div>
          {error && <FormError message={error} />}
        </form>
      </Card>
    </section>
  );
}
