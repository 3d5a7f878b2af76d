"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { Check, DocumentStatus, LineItem } from "@/lib/documents/contract";
import { SourceBadge } from "@/components/extraction";
import { useFormat } from "@/components/format";
import { LineItemsEditor } from "./line-items-editor";
import { Comparison } from "./line-items-table";
import { LineItemsView } from "./line-items-view";
import { PanelFrame, PanelHeader, SavedNotice, useEditablePanel } from "./panel-parts";

/**
 * The line items as a table, their sum compared with the subtotal and total. Edit turns the table into
 * inputs (add and remove rows); Enter saves the whole list, Escape cancels. Rows that missed the total
 * (a failed advisory check) carry a "low confidence" marker rather than flagging the whole document.
 */
export function LineItemsPanel(props: {
  id: string;
  items: LineItem[];
  corrected: boolean;
  extractor: string | null;
  subtotal: number | null;
  total: number | null;
  currency: string | null;
  status: DocumentStatus;
  checks: Check[];
}) {
  const { id, extractor, subtotal, total, status } = props;
  const t = useTranslations("documents.lineItems");
  const tActions = useTranslations("common.actions");
  const format = useFormat();
  const titleId = `${useId()}-title`;
  const panel = useEditablePanel(props.items);
  const [corrected, setCorrected] = useState(props.corrected);
  const items = panel.data;
  const money = (v: number | null) => format.money(v, props.currency);
  const doubtful = !corrected && !props.corrected && items.length > 0 && lineItemsDoubtful(props.checks);

  const empty = status === "pending" || status === "processing" ? t("reading") : status === "error" ? t("unreadable") : t("none");
  return (
    <PanelFrame editing={panel.editing} titleId={titleId}>
      <PanelHeader
        titleId={titleId}
        title={t("title")}
        extra={
          <>
            <span className="font-normal text-slate-500">{format.number(items.length)}</span>
            {corrected || props.corrected ? <SourceBadge source="person" /> : extractor && items.length > 0 ? <SourceBadge source={extractor} /> : null}
            {doubtful && <LowConfidenceBadge label={t("lowConfidence")} />}
          </>
        }
        edit={panel.editing ? undefined : { label: items.length ? tActions("edit") : t("add"), onClick: panel.open, ref: panel.editButton }}
      />
      {panel.editing ? (
        <LineItemsEditor
          id={id}
          items={items}
          subtotal={subtotal}
          total={total}
          money={money}
          onCancel={() => panel.close()}
          onSaved={(saved, message) => {
            panel.setData(saved);
            setCorrected(true);
            panel.close(message);
          }}
        />
      ) : items.length === 0 ? (
        <div className="px-5 py-6 text-sm text-slate-500">
          {empty}
          <SavedNotice message={panel.notice} className="mt-2" />
        </div>
      ) : (
        <>
          <LineItemsView items={items} money={money} />
          <div className="space-y-3 px-5 py-3">
            {doubtful && <p className="text-sm text-amber-800">{t("lowConfidenceHint")}</p>}
            <Comparison items={items} subtotal={subtotal} total={total} money={money} />
            <SavedNotice message={panel.notice} />
          </div>
        </>
      )}
    </PanelFrame>
  );
}

/** Whether the line items failed their advisory check (they miss the subtotal or total). */
function lineItemsDoubtful(checks: Check[]): boolean {
  return checks.some((c) => c.name === "line_items_sum" && c.advisory === true && !c.ok);
}

function LowConfidenceBadge({ label }: { label: string }) {
  return <span className="inline-flex items-center rounded bg-amber-50 px-1.5 py-px text-[10px] leading-4 font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-600/20 ring-inset">{label}</span>;
}
