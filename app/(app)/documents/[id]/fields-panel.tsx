"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FIELD_NAMES, type DocumentFields, type FieldName } from "@/lib/documents/contract";
import { FieldsEditor } from "./fields-editor";
import { FieldsView } from "./fields-view";
import { PanelFrame, PanelHeader, SavedNotice, useEditablePanel } from "./panel-parts";

/**
 * The extracted fields, each with where it came from and how sure the extractor was. Click a value (or Edit)
 * to correct them in place: Enter saves, Escape cancels; only changed fields are sent.
 */
export function FieldsPanel({ id, fields: serverFields, active }: { id: string; fields: DocumentFields; active: boolean }) {
  const t = useTranslations("documents.fields");
  const tActions = useTranslations("common.actions");
  const titleId = `${useId()}-title`;
  const panel = useEditablePanel(serverFields);
  const [focus, setFocus] = useState<FieldName>("vendor");
  const fields = panel.data;
  const edit = (name: FieldName = "vendor") => {
    setFocus(name);
    panel.open();
  };

  return (
    <PanelFrame editing={panel.editing} titleId={titleId} className="@container">
      <PanelHeader
        titleId={titleId}
        title={t("title")}
        extra={<span className="font-normal text-slate-500">{t("found", { found: FIELD_NAMES.filter((n) => fields[n]).length, total: FIELD_NAMES.length })}</span>}
        edit={panel.editing ? undefined : { label: tActions("edit"), onClick: () => edit(), ref: panel.editButton }}
      />
      {panel.editing ? (
        <FieldsEditor
          id={id}
          fields={fields}
          focus={focus}
          onClose={(message) => panel.close(message ?? null)}
          onSaved={(saved, message) => {
            panel.setData(saved);
            panel.close(message);
          }}
        />
      ) : (
        <div className="p-5">
          <FieldsView fields={fields} active={active} onEdit={edit} />
          <SavedNotice message={panel.notice} className="mt-4" />
        </div>
      )}
    </PanelFrame>
  );
}
