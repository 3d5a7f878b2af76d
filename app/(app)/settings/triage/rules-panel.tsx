"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { FormError } from "@/components/form-fields";
import { useAction } from "@/components/use-action";
import type { TriageRule } from "@/lib/triage/schemas";
import { SettingsSection } from "../section";
import { NewTriageRuleForm, TriageRuleEditor, TriageRuleView } from "./rule-editor";

type Direction = "up" | "down";

/** The rules in the order they are tried, each editable in place and moved up or down (by keyboard too). */
export function TriageRulesPanel({ rules, canManage }: { rules: TriageRule[]; canManage: boolean }) {
  const t = useTranslations("triage.rules");
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
      await api(`/api/triage/rules/${order[index].id}`, { method: "PATCH", body: { position: to } });
      router.refresh();
    });
    if (!moved) {
      setOrder(previous);
      setAnnouncement("");
    }
  }

  return (
    <SettingsSection id="triage-rules" title={t("title")} description={t("description")}>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <Card padded={false}>
        {order.length === 0 ? (
          <p className="p-5 text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <ol aria-label={t("listLabel")} className="divide-y divide-slate-100">
            {order.map((rule, i) =>
              canManage ? (
                <TriageRuleEditor
                  key={rule.id}
                  rule={rule}
                  position={i + 1}
                  count={order.length}
                  moves={<MoveButtons position={i + 1} count={order.length} onMove={(dir) => move(i, dir)} buttonRef={(dir, el) => buttons.current.set(`${rule.id}:${dir}`, el)} />}
                />
              ) : (
                <TriageRuleView key={rule.id} rule={rule} position={i + 1} />
              ),
            )}
          </ol>
        )}
        <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">{t("otherwise")}</p>
        {moveError && (
          <div className="px-4 pb-4">
            <FormError message={moveError} />
          </div>
        )}
        {canManage && <NewTriageRuleForm />}
      </Card>
    </SettingsSection>
  );
}

function MoveButtons({ position, count, onMove, buttonRef }: { position: number; count: number; onMove: (dir: Direction) => void; buttonRef: (dir: Direction, el: HTMLButtonElement | null) => void }) {
  const t = useTranslations("triage.rules");
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
