"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import type { CategoryListItem } from "@/lib/categories/schemas";
import { RICH, SettingsSection } from "../section";
import { CategoriesTable } from "./categories-view";
import { EditCategoryForm, NewCategoryForm } from "./category-form";

/** `nextColor`: the palette colour a new category gets unless the person picks another. */
export function CategoriesPanel({ categories, nextColor }: { categories: CategoryListItem[]; nextColor: string }) {
  const t = useTranslations("categories.list");
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <SettingsSection id="categories" title={t("title")} description={t("description")}>
      {categories.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyDescription")} />
      ) : (
        <CategoriesTable
          categories={categories}
          editing={editing}
          editor={(c) => <EditCategoryForm category={c} onDone={() => setEditing(null)} />}
          actions={(c) => <CategoryActions category={c} onEdit={() => setEditing(c.id)} />}
        />
      )}
      <Card padded={false} className="mt-4">
        <NewCategoryForm key={nextColor} color={nextColor} />
      </Card>
    </SettingsSection>
  );
}

function CategoryActions({ category, onEdit }: { category: CategoryListItem; onEdit: () => void }) {
  const t = useTranslations("categories.list");
  const router = useRouter();
  const values = { name: category.name, rules: category.rule_count, documents: category.document_count };
  return (
    <>
      <Button variant="ghost" size="sm" onClick={onEdit}>
        {t.rich("edit", { name: category.name, ...RICH })}
      </Button>
      <ConfirmButton
        label={t.rich("delete", { name: category.name, ...RICH })}
        title={t("deleteTitle", values)}
        message={t("deleteMessage", values)}
        confirmLabel={t("deleteConfirm")}
        onConfirm={async () => {
          await api(`/api/categories/${category.id}`, { method: "DELETE" });
          router.refresh();
        }}
      />
    </>
  );
}
