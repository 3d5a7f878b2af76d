"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { FormError } from "@/components/form-fields";
import { useAction } from "@/components/use-action";
import type { CategoryRule } from "@/lib/categories/schemas";
import { SettingsSection } from "../section";
import { NewRuleForm, RuleEditor, type RuleCategory } from "./rule-editor";

type Direction = "up" | "down";

/** The rules in the order they are tried, each editable in place and moved up or down (by keyboard too). */
export function RulesPanel({ rules, categories }: { rules: CategoryRule[]; categories: RuleCategory[] }) {
  const t = useTranslations("categories.rules");
  const router = useRouter();
  const { error: moveError, run } = useAction();
  const [order, setOrder] = useState(rules);
  const [announcement, setAnnouncement] = useState("");
  const focusAfterMove = useRef<{ id: string; dir: Direction } | null>(null);
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

  async function move(index: number, dir: Direction) {
    const to = dir === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[index], next[to]] = [next[to], next[index]];
    const previous = order;
    focusAfterMove.current = { id: order[index].id, dir };
    setOrder(next);
    setAnnouncement(t("moved", { position: to + 1, count: next.length }));
    const moved = await run(async () => {
      await api("/api/categories/rules/reorder", { method: "POST", body: { ids: next.map((r) => r.id) } });
      router.refresh();
    });
    if (!moved) {
      setOrder(previous);
      setAnnouncement("");
    }
  }

  return (
    <SettingsSection id="rules" title={t("title")} description={t("description")}>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <Card padded={false}>
        {order.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">{categories.length === 0 ? t("needCategory") : t("emptyAdmin")}</p>
        ) : (
          <ol aria-label={t("listLabel")} className="divide-y divide-slate-100">
            {order.map((rule, i) => (
              <RuleEditor
                key={rule.id}
                rule={rule}
                position={i + 1}
                count={order.length}
                categories={categories}
                moves={<MoveButtons position={i + 1} count={order.length} onMove={(dir) => move(i, dir)} buttonRef={(dir, el) => buttons.current.set(`${rule.id}:${dir}`, el)} />}
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
    </SettingsSection>
  );
}

function MoveButtons({ position, count, onMove, buttonRef }: { position: number; count: number; onMove: (dir: Direction) => void; buttonRef: (dir: Direction, el: HTMLButtonElement | null) => void }) {
  const t = useTranslations("categories.rules");
  const button = (dir: Direction, disabled: boolean) => (
    <Button variant="ghost" size="sm" onClick={() => onMove(dir)} disabled={disabled} ref={(el) => buttonRef(dir, el)} aria-label={t(`move.${dir}`, { position })} title={t(`move.${dir}Title`)} className="text-base">
      {dir === "up" ? "↑" : "↓"}
    </Button>
  );
  return (
    <>
      {button("up", position === 1)}
      {button("down", position === count)}
    </>
  );
}
