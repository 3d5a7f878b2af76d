"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { DocumentStatus, LineItem } from "@/lib/documents/contract";
import { SourceBadge } from "@/components/extraction";
import { useFormat } from "@/components/format";
import { LineItemsEditor } from "./line-items-editor";
import { Comparison } from "./line-items-table";
import { LineItemsView } from "./line-items-view";
import { PanelFrame, PanelHeader, SavedNotice, useEditablePanel } from "./panel-parts";

/**
 * The line items as a table, their sum compared with the subtotal and total. Edit turns the table into
 * inputs (add and remove rows); Enter saves the whole list, Escape cancels.
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
            <Comparison items={items} subtotal={subtotal} total={total} money={money} />
            <SavedNotice message={panel.notice} />
          </div>
        </>
      )}
    </PanelFrame>
  );
}
