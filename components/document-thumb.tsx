"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { previewPageCount } from "@/lib/documents/preview-keys";
import { DocumentIcon } from "./icons";

type Props = { id: string; contentType: string; status: string; removed?: boolean };

// Fixed size and floated to the row's start, so rows neither jump while pictures load nor need a wrapper.
const BOX = "float-start me-3 h-12 w-9 overflow-hidden rounded border border-slate-200";

/**
 * A document's first page, small, for a list row. Until a document has been read (pending) or when
 * it failed, or when its picture cannot be drawn, a neutral placeholder stands in its place.
 */
export function DocumentThumb({ id, contentType, status, removed = false }: Props) {
  const t = useTranslations("preview.thumb");
  const [failed, setFailed] = useState(false);
  const ready = !removed && (status === "processing" || status === "completed") && previewPageCount({ contentType, pageCount: null }) > 0;
  if (!ready || failed) {
    return (
      <span className={`${BOX} flex items-center justify-center bg-slate-50 text-slate-300`} title={t("none")}>
        <DocumentIcon className="size-5" />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- drawn and sized by the server
    <img
      src={`/api/documents/${id}/thumbnail`}
      alt={t("alt")}
      width={36}
      height={48}
      loading="lazy"
      decoding="async"
      // Failed before React attached onError (server-rendered HTML): notice it from the element.
      ref={(img) => {
        if (img?.complete && img.naturalWidth === 0 && img.currentSrc) setFailed(true);
      }}
      onError={() => setFailed(true)}
      className={`${BOX} bg-white object-cover object-top`}
    />
  );
}
