// The Tesseract settings pages are read with. Shared with the benchmark, which gives the native
// `tesseract` CLI the same ones (as `--psm` and `-c name=value`), so both do the same work.
export const TESSERACT_PARAMS: Record<string, string> = {
  // Automatic page segmentation, no orientation detection: see ORIENTATION_PSM for turned pages.
  tessedit_pageseg_mode: "3",
  // Sauvola (local) binarization instead of global Otsu: photos with shadows or uneven light
  // come out readable (an Otsu threshold turns the dark half of the page black), and clean
  // scans read the same at the same speed.
  thresholding_method: "2",
};

/**
 * A shaded page (preprocess.ts SHADED_BACKGROUND) is thresholded more gently: at Sauvola's usual
 * k of 0.34, grey labels on a tinted band vanish ("N° de facture", "Rechnungsnummer"). Not for
 * every page: on photographed receipts the gentler threshold turned paper grain into characters.
 * Fields right on the corpus's 24 shaded scans: 85.6% at 0.34, 88.9% at 0.3, 90.3% at 0.25, 86.1% at 0.2.
 */
export const SHADED_PAGE_PARAMS: Record<string, string> = { thresholding_kfactor: "0.25" };

/**
 * Segmentation WITH orientation and script detection: Tesseract finds a page turned 90/180/270
 * degrees and reads it upright. Only for pages whose first reading looks turned (orientation.ts):
 * detection costs about a quarter of a page's time (1.5 s against 1.15 s of CPU for an A4 page
 * at 200 dpi, native), so running it on every page would make the upright majority pay for the
 * rare turned one; "read all four rotations, keep the best" would cost 2-4x.
 */
export const ORIENTATION_PSM = "1";

/** The settings as arguments of the native CLI; `orientation` adds detection on every page. */
export function cliParams(opts: { orientation: boolean }): string[] {
  const psm = opts.orientation ? ORIENTATION_PSM : TESSERACT_PARAMS.tessedit_pageseg_mode;
  const rest = Object.entries(TESSERACT_PARAMS).filter(([k]) => k !== "tessedit_pageseg_mode");
  return ["--psm", psm, ...rest.flatMap(([k, v]) => ["-c", `${k}=${v}`])];
}
