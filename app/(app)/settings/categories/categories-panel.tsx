"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormError, inputClass } from "@/components/form-fields";
import { plural } from "@/components/format";
import { Tbody, Td, Th } from "@/components/table";
import { Swatch } from "@/components/category-badge";
import { useAction, useFormAction } from "@/components/use-action";

const CATEGORY_FIELDS = ["name", "color"] as const;

type Category = { id: string; name: string; color: string; document_count: number; rule_count: number };

/** `nextColor`: the palette colour a new category gets unless the person picks another. */
export function CategoriesPanel({ categories, nextColor }: { categories: Category[]; nextColor: string }) {
  const router = useRouter();
  const { busy, error, fields, submit } = useFormAction(CATEGORY_FIELDS);
  const [editing, setEditing] = useState<string | null>(null);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    await submit(form, async () => {
      await api("/api/categories", { method: "POST", body: { name: f.get("name"), color: f.get("color") } });
      form.reset();
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="categories-heading">
      <h2 id="categories-heading" className="text-lg font-semibold text-slate-900">
        Categories
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">A name and a colour; the colour marks the category wherever documents are listed.</p>
      {categories.length === 0 && (
        <div className="mb-4">
          <EmptyState
            title="No categories yet"
            description="Add the categories your documents fall into, such as Utilities, Software or Travel. Then write rules below, or categorize a few documents yourself and Mailroom learns from them."
          />
        </div>
      )}
      <Card padded={false}>
        {categories.length > 0 && (
          <div className="relative overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Categories">
              <thead>
                <tr>
                  <Th>Category</Th>
                  <Th>Documents</Th>
                  <Th>Rules</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <Tbody>
                {categories.map((c) =>
                  editing === c.id ? (
                    <EditRow key={c.id} category={c} onDone={() => setEditing(null)} />
                  ) : (
                    <tr key={c.id}>
                      <Td>
                        <span className="flex items-center gap-2">
                          <Swatch color={c.color} />
                          <span className="font-medium text-slate-900 text-left" dir="auto">
                            {c.name}
                          </span>
                        </span>
                      </Td>
                      <Td className="tabular-nums">{c.document_count.toLocaleString("en")}</Td>
                      <Td className="tabular-nums">{c.rule_count.toLocaleString("en")}</Td>
                      <Td className="text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" onClick={() => setEditing(c.id)}>
                          Edit<span className="sr-only"> {c.name}</span>
                        </Button>
                        <ConfirmButton
                          label={
                            <>
                              Delete<span className="sr-only"> {c.name}</span>
                            </>
                          }
                          title={`Delete “${c.name}”?`}
                          message={
                            <>
                              Its {plural(c.rule_count, "rule")} are deleted with it, and its {plural(c.document_count, "document")} lose their category (people’s choices included);
                              Mailroom then tries to categorize them again. This cannot be undone.
                            </>
                          }
                          confirmLabel="Delete category"
                          onConfirm={async () => {
                            await api(`/api/categories/${c.id}`, { method: "DELETE" });
                            router.refresh();
                          }}
                        />
                      </Td>
                    </tr>
                  ),
                )}
              </Tbody>
            </table>
          </div>
        )}
        <form onSubmit={add} className={`flex flex-wrap items-end gap-3 p-4 ${categories.length > 0 ? "border-t border-slate-200" : ""}`} noValidate>
          <div className="min-w-56 flex-1">
            <label htmlFor="category-name" className="block text-xs font-medium text-slate-600">
              New category
            </label>
            <input
              id="category-name"
              name="name"
              required
              maxLength={80}
              placeholder="e.g. Utilities"
              dir="auto"
              className={`${inputClass} mt-1`}
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={fields.name ? "category-name-error" : undefined}
            />
            {fields.name && (
              <p id="category-name-error" className="mt-1 text-xs text-red-600">
                {fields.name}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="category-color" className="block text-xs font-medium text-slate-600">
              Colour
            </label>
            <input key={nextColor} id="category-color" name="color" type="color" defaultValue={nextColor} className="mt-1 block h-9 w-14 cursor-pointer rounded-md border border-slate-300 bg-white p-1" />
          </div>
          <Button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add category"}
          </Button>
          {error && (
            <div className="w-full">
              <FormError message={error} />
            </div>
          )}
        </form>
      </Card>
    </section>
  );
}

function EditRow({ category, onDone }: { category: Category; onDone: () => void }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const nameId = `edit-name-${category.id}`;
  const colorId = `edit-color-${category.id}`;

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    await run(async () => {
      await api(`/api/categories/${category.id}`, { method: "PATCH", body: { name: f.get("name"), color: f.get("color") } });
      onDone();
      router.refresh();
    });
  }

  return (
    <tr>
      <td colSpan={4} className="px-4 py-3">
        <form onSubmit={save} className="flex flex-wrap items-end gap-3" onKeyDown={(e) => e.key === "Escape" && onDone()}>
          <div className="min-w-56 flex-1">
            <label htmlFor={nameId} className="block text-xs font-medium text-slate-600">
              Name
            </label>
            <input id={nameId} name="name" required maxLength={80} defaultValue={category.name} dir="auto" autoFocus className={`${inputClass} mt-1`} />
          </div>
          <div>
            <label htmlFor={colorId} className="block text-xs font-medium text-slate-600">
              Colour
            </label>
            <input id={colorId} name="color" type="color" defaultValue={category.color} className="mt-1 block h-9 w-14 cursor-pointer rounded-md border border-slate-300 bg-white p-1" />
          </div>
          <Button type="submit" size="sm" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </Button>
          <Button variant="ghost" size="sm" onClick={onDone} disabled={busy}>
            Cancel
          </Button>
          {error && (
            <div className="w-full">
              <FormError message={error} />
            </div>
          )}
        </form>
      </td>
    </tr>
  );
}
