// Where each OCR language's model (traineddata) comes from. English (and the orientation model
// "osd") ship inside npm packages, so a fresh install reads English with no download; any other
// language comes from a tessdata folder such as Debian's /usr/share/tesseract-ocr/5/tessdata.
// tesseract.js would otherwise fetch missing models from a CDN at run time, which this project
// never allows: every model is resolved to a local file here, before a worker starts.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A language the pool was asked for but has no model: names the language and where it looked. */
export class OcrLanguageUnavailable extends Error {
  constructor(
    readonly lang: string,
    readonly lookedIn: string[],
  ) {
    super(
      `OCR language "${lang}" is not available: ${lang}.traineddata was not found (looked in: ${lookedIn.join("; ")}). ` +
        `Install it (Debian: tesseract-ocr-${lang}) and set TESSDATA_DIR to its tessdata folder, or remove "${lang}" from OCR_LANGS.`,
    );
    this.name = "OcrLanguageUnavailable";
  }
}

/** A model file on disk; `gzip` when it is the compressed copy an npm package ships. */
export type ModelSource = { lang: string; file: string; gzip: boolean; from: "npm" | "tessdata" };

// The packages tesseract.js's own CDN serves, installed as dependencies. "4.0.0_best_int" is the
// LSTM-only integer model (the one tesseract.js picks for LSTM recognition): a quarter of the
// size of "4.0.0", which also carries the legacy engine's data that LSTM recognition never reads.
// "osd" is used by the legacy engine (orientation detection), so it takes the full "4.0.0" data.
const BUNDLED: Record<string, string> = {
  eng: "@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz",
  osd: "@tesseract.js-data/osd/4.0.0/osd.traineddata.gz",
};

// Resolve from this file (CommonJS under tsx and the worker); the working directory is the fallback.
const requireHere = createRequire(typeof __filename === "string" ? __filename : path.join(process.cwd(), "package.json"));

function bundledFile(lang: string): string | undefined {
  const spec = BUNDLED[lang];
  if (!spec) return undefined;
  try {
    // Resolve the package root (its package.json is always exported), then the data beside it.
    const pkg = spec.split("/").slice(0, 2).join("/");
    const root = path.dirname(requireHere.resolve(`${pkg}/package.json`));
    const file = path.join(root, spec.split("/").slice(2).join("/"));
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** "eng+heb", "eng,heb" or "eng heb" (the OCR_LANGS setting) as a list. */
export function parseLangs(value: string): string[] {
  const langs = value
    .split(/[+,\s]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [...new Set(langs)];
}

/**
 * The model file for `lang`: the bundled npm package when there is one (so English reads the
 * same everywhere, whatever tessdata folder is configured), otherwise `tessdataDir`.
 * Throws OcrLanguageUnavailable naming every place it looked.
 */
export function resolveModel(lang: string, tessdataDir?: string): ModelSource {
  // Language codes are file names: refuse anything that could climb out of the folder.
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(lang)) throw new Error(`invalid OCR language code ${JSON.stringify(lang)}`);
  const bundled = bundledFile(lang);
  if (bundled) return { lang, file: bundled, gzip: true, from: "npm" };
  const lookedIn: string[] = [];
  if (tessdataDir) {
    const dir = path.resolve(tessdataDir);
    for (const name of [`${lang}.traineddata`, `${lang}.traineddata.gz`]) {
      const file = path.join(dir, name);
      if (existsSync(file)) return { lang, file, gzip: name.endsWith(".gz"), from: "tessdata" };
    }
    lookedIn.push(`TESSDATA_DIR ${dir}`);
  } else {
    lookedIn.push("TESSDATA_DIR (not set)");
  }
  lookedIn.push(`the bundled npm packages (they ship only ${Object.keys(BUNDLED).join(", ")})`);
  throw new OcrLanguageUnavailable(lang, lookedIn);
}
