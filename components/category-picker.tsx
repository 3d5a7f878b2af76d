"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { api } from "./api-client";
import { Button } from "./button";
import { Swatch } from "./category-badge";
import { SelectField } from "./form-fields";
import { announceReviewChange } from "./review-events";
import { useAction } from "./use-action";

export type CategoryOption = { id: string; name: string; color: string };
export type CategorySuggestion = CategoryOption & { confidence: number };

export const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;

/**
 * A person chooses a document's category: one click on a suggestion, or any category from the
 * list. The choice always wins over rules and the classifier, and teaches the classifier.
 */
export function CategoryPicker({
  documentId,
  current,
  categories,
  suggestions = [],
  label,
}: {
  documentId: string;
  current: string | null;
  categories: CategoryOption[];
  suggestions?: CategorySuggestion[];
  label?: ReactNode;
}) {
  const t = useTranslations("documents.category");
  const tActions = useTranslations("common.actions");
  const router = useRouter();
  const selectId = useId();
  const [choice, setChoice] = useState(current ?? "");
  const { busy, error, run } = useAction();
  const offered = suggestions.filter((s) => s.id !== current);

  async function save(categoryId: string | null) {
    const ok = await run(() => api(`/api/documents/${documentId}/category`, { method: "PUT", body: { category_id: categoryId } }));
    if (ok) {
      announceReviewChange();
      router.refresh();
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    void save(choice || null);
  }

  return (
    <div className="space-y-3">
      {offered.length > 0 && (
        <div>
          <p className="text-xs font-medium text-slate-600">{t("suggested")}</p>
          <div className="mt-1 flex flex-wrap gap-2">
            {offered.map((s) => (
              <Button key={s.id} variant="secondary" size="sm" disabled={busy} onClick={() => save(s.id)}>
                <Swatch color={s.color} className="size-2.5" />
                <span dir="auto">{s.name}</span>
                <span className="text-slate-500 tabular-nums">{percent(s.confidence)}</span>
              </Button>
            ))}
          </div>
        </div>
      )}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <SelectField
          id={selectId}
          name="category_id"
          className="min-w-[12rem] flex-1 [&_label]:text-xs [&_label]:text-slate-600"
          label={label ?? t("title")}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          disabled={busy}
          options={[{ value: "", label: t("none") }, ...categories.map((c) => ({ value: c.id, label: c.name }))]}
        />
        <Button type="submit" variant="primary" disabled={busy || choice === (current ?? "")}>
          {busy ? tActions("saving") : tActions("save")}
        </Button>
      </form>
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
