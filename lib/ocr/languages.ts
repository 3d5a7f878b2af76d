// Where each OCR language's model (traineddata) comes from: an installed npm package
// @tesseract.js-data/<lang> first (English, Hebrew and the orientation model "osd" are
// dependencies, so a fresh `npm ci` reads both languages with no download), then a tessdata folder
// (TESSDATA_DIR, e.g. Debian's /usr/share/tesseract-ocr/5/tessdata). tesseract.js would otherwise
// fetch missing models from a CDN at run time, which this project never allows: every model is
// resolved to a local file here, before a worker starts.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A language the pool was asked for but has no model: names the language, where it looked, and how to add it. */
export class OcrLanguageUnavailable extends Error {
  constructor(
    readonly lang: string,
    readonly lookedIn: string[],
  ) {
    super(
      `OCR language "${lang}" is not available: no model for it was found (looked in: ${lookedIn.join("; ")}). ` +
        `Add it with \`npm install ${PACKAGE_SCOPE}/${lang}\`, or put ${lang}.traineddata in a tessdata folder (Debian: apt install tesseract-ocr-${lang}) and set TESSDATA_DIR to it; or remove "${lang}" from OCR_LANGS.`,
    );
    this.name = "OcrLanguageUnavailable";
  }
}

/** A model file on disk; `gzip` when it is the compressed copy an npm package ships. */
export type ModelSource = { lang: string; file: string; gzip: boolean; from: "npm" | "tessdata" };

/** The scope of the packages tesseract.js's own CDN serves, one per language. */
const PACKAGE_SCOPE = "@tesseract.js-data";

// Each package holds <version>/<lang>.traineddata.gz. "4.0.0_best_int" is the LSTM-only integer
// model (the one tesseract.js picks for LSTM recognition): a quarter of the size of "4.0.0",
// which also carries the legacy engine's data that LSTM recognition never reads. Not every
// package has it: then "4.0.0". "osd" is read by the legacy engine (orientation detection), so it
// takes "4.0.0" first.
const LSTM_VERSIONS = ["4.0.0_best_int", "4.0.0"];
const LEGACY_VERSIONS = ["4.0.0", "4.0.0_best_int"];
const LEGACY_LANGS = ["osd"];

// Resolve from this file (CommonJS under tsx and the worker); the working directory is the fallback.
const requireHere = createRequire(typeof __filename === "string" ? __filename : path.join(process.cwd(), "package.json"));

/** "eng+heb", "eng,heb" or "eng heb" (the OCR_LANGS setting) as a list. */
export function parseLangs(value: string): string[] {
  const langs = value
    .split(/[+,\s]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [...new Set(langs)];
}

/**
 * The model file for `lang`: its npm package when one is installed (so a language reads the same
 * everywhere, whatever tessdata folder is configured), otherwise `tessdataDir`.
 * Throws OcrLanguageUnavailable naming every place it looked.
 */
export function resolveModel(lang: string, tessdataDir?: string): ModelSource {
  // Language codes are file and package names: refuse anything that could climb out of the folder.
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(lang)) throw new Error(`invalid OCR language code ${JSON.stringify(lang)}`);
  const packaged = packagedFile(lang);
  if (packaged) return { lang, file: packaged, gzip: true, from: "npm" };
  const lookedIn = [`the npm package ${PACKAGE_SCOPE}/${lang} (not installed)`];
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
  throw new OcrLanguageUnavailable(lang, lookedIn);
}

/** The languages of `candidates` that have a model here (an installed package or a tessdata file). */
export function availableLanguages(candidates: readonly string[], tessdataDir?: string): string[] {
  return candidates.filter((lang) => {
    try {
      resolveModel(lang, tessdataDir);
      return true;
    } catch {
      return false;
    }
  });
}

function packagedFile(lang: string): string | undefined {
  let root: string;
  try {
    // Resolve the package root (its package.json is always exported), then the data beside it.
    root = path.dirname(requireHere.resolve(`${PACKAGE_SCOPE}/${lang}/package.json`));
  } catch {
    return undefined;
  }
  return modelInPackage(root, lang);
}

/** The model a @tesseract.js-data package folder holds for `lang`, in the version that suits its engine. */
export function modelInPackage(root: string, lang: string): string | undefined {
  const versions = LEGACY_LANGS.includes(lang) ? LEGACY_VERSIONS : LSTM_VERSIONS;
  return versions.map((v) => path.join(root, v, `${lang}.traineddata.gz`)).find((file) => existsSync(file));
}
