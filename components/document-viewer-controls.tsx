"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button, buttonClass } from "./button";
import { ChevronEndIcon, ChevronStartIcon, FitWidthIcon, ZoomInIcon, ZoomOutIcon } from "./icons";

/** Zoom steps as multiples of the width that fits; the first is "fit width". */
export const ZOOMS = [1, 1.5, 2, 3] as const;

const ICON = "size-4";

/** Previous and next page with "Page 2 of 7", and the zoom buttons. */
export function ViewerToolbar(props: { page: number; pages: number; zoom: number; onPage(page: number): void; onZoom(step: number): void }) {
  const { page, pages, zoom, onPage, onZoom } = props;
  const t = useTranslations("preview.viewer");
  const iconButton = (label: string, icon: ReactNode, onClick: () => void, disabled: boolean) => (
    <Button variant="ghost" size="sm" onClick={onClick} disabled={disabled} aria-label={label} title={label}>
      {icon}
    </Button>
  );
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-3 py-1.5">
      <div className="flex items-center gap-1">
        {pages > 1 && iconButton(t("previous"), <ChevronStartIcon className={`${ICON} rtl:-scale-x-100`} />, () => onPage(page - 1), page <= 1)}
        <span className="min-w-24 text-center text-xs text-slate-700 tabular-nums" aria-live="polite">
          {t("pageOf", { page, pages })}
        </span>
        {pages > 1 && iconButton(t("next"), <ChevronEndIcon className={`${ICON} rtl:-scale-x-100`} />, () => onPage(page + 1), page >= pages)}
      </div>
      <div className="flex items-center gap-1">
        {iconButton(t("zoomOut"), <ZoomOutIcon className={ICON} />, () => onZoom(-1), zoom === 0)}
        <span className="w-12 text-center text-xs text-slate-700 tabular-nums">{t("zoomLevel", { zoom: ZOOMS[zoom] })}</span>
        {iconButton(t("zoomIn"), <ZoomInIcon className={ICON} />, () => onZoom(1), zoom === ZOOMS.length - 1)}
        {iconButton(t("fitWidth"), <FitWidthIcon className={ICON} />, () => onZoom(-ZOOMS.length), zoom === 0)}
      </div>
    </div>
  );
}

/** Every previewable page small, in a row: click one to show it. */
export function PageStrip({ id, page, pages, onPage }: { id: string; page: number; pages: number; onPage(page: number): void }) {
  const t = useTranslations("preview.viewer");
  return (
    <nav aria-label={t("pages")} className="border-t border-slate-200 bg-white">
      <ol className="flex gap-2 overflow-x-auto p-2">
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n} className="shrink-0">
            <button
              type="button"
              onClick={() => onPage(n)}
              aria-label={t("page", { page: n })}
              aria-current={n === page ? "page" : undefined}
              className={`block rounded border-2 focus-visible:outline-2 focus-visible:outline-indigo-600 ${n === page ? "border-indigo-600" : "border-transparent hover:border-slate-300"}`}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- drawn and sized by the server */}
              <img src={`/api/documents/${id}/pages/${n}?size=thumb`} alt="" width={40} height={56} loading="lazy" className="h-14 w-10 bg-white object-cover object-top" />
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A sentence and the way to the original: Open and Download. */
export function OriginalLinks({ id, filename, children }: { id: string; filename: string; children: ReactNode }) {
  const t = useTranslations("preview.viewer");
  const fileUrl = `/api/documents/${id}/file`;
  return (
    <div className="flex flex-col items-center gap-3 px-6 py-4 text-center text-sm text-slate-600">
      {children}
      <div className="flex gap-2">
        <a href={fileUrl} target="_blank" rel="noopener" className={buttonClass("secondary", "sm")}>
          {t("open")}
        </a>
        <a href={`${fileUrl}?download=1`} download={filename} className={buttonClass("secondary", "sm")}>
          {t("download")}
        </a>
      </div>
    </div>
  );
}
