"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError, errorMessage, focusFirstInvalid, formMessage, type FieldErrors } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { FormError, inputClass } from "@/components/form-fields";
import { Swatch } from "@/components/category-badge";
import { useAction } from "@/components/use-action";
import { kindInfo, RULE_KINDS as KINDS, type RuleKind as Kind } from "@/components/rule-kinds";

type Rule = { id: string; category_id: string; kind: Kind; pattern: string };
type Category = { id: string; name: string; color: string };

export function RulesPanel({ rules, categories }: { rules: Rule[]; categories: Category[] }) {
  const router = useRouter();
  const tErrors = useTranslations("common.errors");
  const [order, setOrder] = useState(rules);
  const [announcement, setAnnouncement] = useState("");
  const [moveError, setMoveError] = useState<string | null>(null);
  const focusAfterMove = useRef<{ id: string; dir: "up" | "down" } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());

  useEffect(() => setOrder(rules), [rules]);

  // After a move the row re-renders in its new place: keep focus on the button that moved it (or its twin at an end).
  useEffect(() => {
    const want = focusAfterMove.current;
    if (!want) return;
    focusAfterMove.current = null;
    const same = buttons.current.get(`${want.id}:${want.dir}`);
    const other = buttons.current.get(`${want.id}:${want.dir === "up" ? "down" : "up"}`);
    (same && !same.disabled ? same : other)?.focus();
  }, [order]);

  async function move(index: number, dir: "up" | "down") {
    const to = dir === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[index], next[to]] = [next[to], next[index]];
    const previous = order;
    focusAfterMove.current = { id: order[index].id, dir };
    setOrder(next);
    setMoveError(null);
    setAnnouncement(`Rule moved to position ${to + 1} of ${next.length}`);
    try {
      await api("/api/categories/rules/reorder", { method: "POST", body: { ids: next.map((r) => r.id) } });
      router.refresh();
    } catch (err) {
      setOrder(previous);
      setMoveError(errorMessage(err, tErrors));
      setAnnouncement("");
    }
  }

  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading" className="text-lg font-semibold text-slate-900">
        Rules
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">Tried from the top; the first rule that matches a document gives it its category. Move a rule up to let it decide before the others.</p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <Card padded={false}>
        {order.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">
            {categories.length === 0 ? "Add a category first; then write rules that send documents to it." : "No rules yet. Without rules, only the classifier (and people) categorize documents."}
          </p>
        ) : (
          <ol aria-label="Rules, in the order they are tried" className="divide-y divide-slate-100">
            {order.map((rule, i) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                index={i}
                count={order.length}
                categories={categories}
                onMove={(dir) => move(i, dir)}
                buttonRef={(dir, el) => buttons.current.set(`${rule.id}:${dir}`, el)}
              />
            ))}
          </ol>
        )}
        {moveError && (
          <div className="px-4 pb-4">
            <FormError message={moveError} />
          </div>
        )}
        {categories.length > 0 && <NewRuleForm categories={categories} />}
      </Card>
    </section>
  );
}

function RuleRow({
  rule,
  index,
  count,
  categories,
  onMove,
  buttonRef,
}: {
  rule: Rule;
  index: number;
  count: number;
  categories: Category[];
  onMove: (dir: "up" | "down") => void;
  buttonRef: (dir: "up" | "down", el: HTMLButtonElement | null) => void;
}) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(rule.kind);
  const [pattern, setPattern] = useState(rule.pattern);
  const [categoryId, setCategoryId] = useState(rule.category_id);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const dirty = kind !== rule.kind || pattern !== rule.pattern || categoryId !== rule.category_id;
  const n = index + 1;
  const ids = { kind: `rule-${rule.id}-kind`, pattern: `rule-${rule.id}-pattern`, category: `rule-${rule.id}-category`, hint: `rule-${rule.id}-hint` };
  const category = categories.find((c) => c.id === categoryId);

  useEffect(() => {
    setKind(rule.kind);
    setPattern(rule.pattern);
    setCategoryId(rule.category_id);
  }, [rule.kind, rule.pattern, rule.category_id]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    await run(async () => {
      await api(`/api/categories/rules/${rule.id}`, { method: "PATCH", body: { kind, pattern, category_id: categoryId } });
      setSaved(true);
      router.refresh();
    });
  }

  return (
    <li className="p-4" aria-label={`Rule ${n} of ${count}`}>
      <form onSubmit={save} className="flex flex-wrap items-start gap-3">
        <span className="mt-7 w-6 shrink-0 text-right text-sm font-semibold text-slate-400 tabular-nums" aria-hidden>
          {n}.
        </span>
        <div className="w-44">
          <label htmlFor={ids.kind} className="block text-xs font-medium text-slate-600">
            When the
          </label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={`${inputClass} mt-1 pr-8`}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-56 flex-1">
          <label htmlFor={ids.pattern} className="block text-xs font-medium text-slate-600">
            matches
          </label>
          <input
            id={ids.pattern}
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            required
            maxLength={500}
            dir="auto"
            spellCheck={false}
            className={`${inputClass} mt-1 ${kind === "regex" ? "font-mono" : ""}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={ids.hint}
          />
          <p id={ids.hint} className="mt-1 text-xs text-slate-500">
            {kindInfo(kind).hint}
          </p>
        </div>
        <div className="w-52">
          <label htmlFor={ids.category} className="block text-xs font-medium text-slate-600">
            the category is
          </label>
          <div className="mt-1 flex items-center gap-2">
            {category && <Swatch color={category.color} />}
            <select id={ids.category} value={categoryId} onChange={(e) => setCategoryId(e.target.value)} className={`${inputClass} pr-8`}>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="mt-6 flex items-center gap-1">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onMove("up")}
            disabled={index === 0}
            ref={(el) => buttonRef("up", el)}
            aria-label={`Move rule ${n} up`}
            title="Move up: tried earlier"
            className="text-base"
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onMove("down")}
            disabled={index === count - 1}
            ref={(el) => buttonRef("down", el)}
            aria-label={`Move rule ${n} down`}
            title="Move down: tried later"
            className="text-base"
          >
            ↓
          </Button>
          {dirty && (
            <Button type="submit" size="sm" disabled={busy}>
              {busy ? "Saving…" : "Save"}
            </Button>
          )}
          <ConfirmButton
            label={
              <>
                Delete<span className="sr-only"> rule {n}</span>
              </>
            }
            title={`Delete rule ${n}?`}
            message="Documents it already categorized keep their category. This cannot be undone."
            confirmLabel="Delete rule"
            onConfirm={async () => {
              await api(`/api/categories/rules/${rule.id}`, { method: "DELETE" });
              router.refresh();
            }}
          />
        </div>
      </form>
      {error && (
        <div className="mt-2 pl-9">
          <FormError message={error} />
        </div>
      )}
      {saved && !dirty && (
        <p role="status" className="mt-1 pl-9 text-xs text-emerald-700">
          Saved.
        </p>
      )}
    </li>
  );
}

function NewRuleForm({ categories }: { categories: Category[] }) {
  const router = useRouter();
  const tErrors = useTranslations("common.errors");
  const [kind, setKind] = useState<Kind>("sender");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await api("/api/categories/rules", { method: "POST", body: { kind, pattern: f.get("pattern"), category_id: f.get("category_id") } });
      (form.elements.namedItem("pattern") as HTMLInputElement).value = "";
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError && err.code === "rules.invalid_pattern" ? null : formMessage(err, (p) => p === "pattern", tErrors));
      if (err instanceof ApiError) setFields(err.code === "rules.invalid_pattern" ? { pattern: err.message } : err.fields);
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={add} className="border-t border-slate-200 p-4" noValidate>
      <h3 className="mb-3 text-sm font-semibold text-slate-900">Add a rule</h3>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-44">
          <label htmlFor="new-rule-kind" className="block text-xs font-medium text-slate-600">
            When the
          </label>
          <select id="new-rule-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={`${inputClass} mt-1 pr-8`}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-56 flex-1">
          <label htmlFor="new-rule-pattern" className="block text-xs font-medium text-slate-600">
            matches
          </label>
          <input
            id="new-rule-pattern"
            name="pattern"
            required
            maxLength={500}
            dir="auto"
            spellCheck={false}
            placeholder={kindInfo(kind).placeholder}
            className={`${inputClass} mt-1 ${kind === "regex" ? "font-mono" : ""}`}
            aria-invalid={fields.pattern ? true : undefined}
            aria-describedby={fields.pattern ? "new-rule-pattern-error" : "new-rule-pattern-hint"}
          />
          {fields.pattern ? (
            <p id="new-rule-pattern-error" className="mt-1 text-xs text-red-600">
              {fields.pattern}
            </p>
          ) : (
            <p id="new-rule-pattern-hint" className="mt-1 text-xs text-slate-500">
              {kindInfo(kind).hint}
            </p>
          )}
        </div>
        <div className="w-52">
          <label htmlFor="new-rule-category" className="block text-xs font-medium text-slate-600">
            the category is
          </label>
          <select id="new-rule-category" name="category_id" className={`${inputClass} mt-1 pr-8`}>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={busy} className="mt-5">
          {busy ? "Adding…" : "Add rule"}
        </Button>
      </div>
      <p className="mt-2 text-xs text-slate-500">A new rule goes to the bottom of the list.</p>
      {error && (
        <div className="mt-3">
          <FormError message={error} />
        </div>
      )}
    </form>
  );
}
