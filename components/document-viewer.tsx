"use client";

import { useState, type KeyboardEvent } from "react";
import { useTranslations } from "next-intl";
import { OriginalLinks, PageStrip, ViewerToolbar, ZOOMS } from "./document-viewer-controls";
import { fileKind } from "./format";
import { AlertIcon } from "./icons";

type Props = {
  id: string;
  filename: string;
  contentType: string;
  pages: number;
  pageCount: number | null;
  errorReason: string | null;
  /** Set when retention deleted the file: the days it was kept (null when not recorded). */
  removed?: { afterDays: number | null } | null;
};

/** Processing found the file itself unreadable: drawing it would fail the same way, so it is not asked for. */
const UNREADABLE = new Set(["corrupt", "encrypted", "unsupported"]);
/** How the shown page's picture came out: its natural width, 0 when it failed. */
type Shown = { src: string; width: number };

/**
 * The document as the server drew it, so no browser PDF plugin is needed: one page at a time,
 * turned by buttons, the strip of pages or the arrow keys (mirrored in right-to-left), and zoomed
 * in steps from the width that fits, by buttons, + and −, or a click on the page.
 */
export function DocumentViewer(props: Props) {
  if (props.removed) return <FileRemoved afterDays={props.removed.afterDays} />;
  return <PageViewer {...props} />;
}

/** In place of a preview that can no longer be drawn: what happened, and that the rest is kept. */
function FileRemoved({ afterDays }: { afterDays: number | null }) {
  const t = useTranslations("preview.viewer");
  return (
    <section aria-label={t("label")} className="overflow-hidden rounded-lg border border-slate-200 bg-slate-100 shadow-sm">
      <div role="note" className="flex flex-col items-center gap-2 px-6 py-16 text-center text-sm text-slate-600">
        <span className="font-medium text-slate-800">{afterDays ? t("removed", { days: afterDays }) : t("removedNoDays")}</span>
        {t("removedHint")}
      </div>
    </section>
  );
}

function PageViewer({ id, filename, contentType, pages, pageCount, errorReason }: Props) {
  const t = useTranslations("preview.viewer");
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [shown, setShown] = useState<Shown>();
  const [natural, setNatural] = useState(0);
  const src = `/api/documents/${id}/pages/${page}`;
  const unreadable = UNREADABLE.has(errorReason ?? "");
  const loading = !unreadable && shown?.src !== src;
  const failed = unreadable || (!loading && shown?.width === 0);

  const goTo = (n: number) => setPage(Math.min(Math.max(n, 1), pages));
  const zoomBy = (step: number) => setZoom((z) => Math.min(Math.max(z + step, 0), ZOOMS.length - 1));
  const settle = (img: HTMLImageElement) => {
    setShown({ src, width: img.naturalWidth });
    if (img.naturalWidth) setNatural(img.naturalWidth);
  };

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // The next page lies where the text runs: to the left in Hebrew.
    const rtl = getComputedStyle(e.currentTarget).direction === "rtl";
    const keys: Record<string, () => void> = {
      [rtl ? "ArrowLeft" : "ArrowRight"]: () => goTo(page + 1),
      [rtl ? "ArrowRight" : "ArrowLeft"]: () => goTo(page - 1),
      "+": () => zoomBy(1),
      "=": () => zoomBy(1),
      "-": () => zoomBy(-1),
      "0": () => setZoom(0),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  const frame = "overflow-hidden rounded-lg border border-slate-200 bg-slate-100 shadow-sm";
  if (pages === 0) {
    return (
      <section aria-label={t("label")} className={frame}>
        <OriginalLinks id={id} filename={filename}>
          {/* An XML e-invoice is data, not a picture: say so rather than show a broken image. */}
          <p className="pt-6">{contentType === "application/xml" ? t("einvoice") : t("none", { type: fileKind(contentType) })}</p>
        </OriginalLinks>
      </section>
    );
  }
  const scale = ZOOMS[zoom];
  return (
    <section aria-label={t("label")} className={frame} onKeyDown={onKeyDown}>
      {!(failed && pages === 1) && <ViewerToolbar page={page} pages={pages} zoom={zoom} onPage={goTo} onZoom={zoomBy} />}
      <div tabIndex={0} role="group" aria-label={t("pageOf", { page, pages })} aria-describedby={`${id}-hint`} className="max-h-[75vh] overflow-auto p-4 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600">
        <span id={`${id}-hint`} className="sr-only">
          {t("hint")}
        </span>
        {failed ? (
          <OriginalLinks id={id} filename={filename}>
            <AlertIcon className="size-8 text-amber-500" />
            <p role="alert">
              <span className="block font-medium text-slate-800">{t("failed")}</span>
              {t("failedHint")}
            </p>
          </OriginalLinks>
        ) : (
          <>
            {loading && (
              <div role="status" className="mx-auto aspect-[1/1.414] w-full max-w-3xl animate-pulse rounded bg-slate-200">
                <span className="sr-only">{t("loading", { page })}</span>
              </div>
            )}
            {/* eslint-disable-next-line @next/next/no-img-element -- drawn and sized by the server */}
            <img
              key={src}
              src={src}
              alt={t("page", { page })}
              // Loaded before React attached its handlers (a cached page): settle it from the element.
              ref={(img) => {
                if (img?.complete && loading) settle(img);
              }}
              onLoad={(e) => settle(e.currentTarget)}
              onError={() => setShown({ src, width: 0 })}
              onClick={() => setZoom(zoom === 0 ? 2 : 0)}
              style={{ width: `${scale * 100}%`, maxWidth: natural ? natural * scale : undefined }}
              className={loading ? "hidden" : `mx-auto block h-auto bg-white shadow ${zoom === 0 ? "cursor-zoom-in" : "cursor-zoom-out"}`}
            />
          </>
        )}
      </div>
      {pageCount !== null && pageCount > pages && page === pages && (
        <OriginalLinks id={id} filename={filename}>
          <p>{t("more", { count: pages, total: pageCount })}</p>
        </OriginalLinks>
      )}
      {pages > 1 && <PageStrip id={id} page={page} pages={pages} onPage={goTo} />}
    </section>
  );
}
