// One entry point for extraction: an e-invoice's XML when the document is or carries one (exact,
// nothing else consulted); otherwise Gemini when a key is given, the rules otherwise, and the rules
// whenever Gemini fails or answers something unusable (the reason is kept). Fields Gemini left
// empty are filled from the rules, each field keeping the name of the extractor that found it.
import { EInvoiceError, extractEInvoice } from "./einvoice/index";
import { extractWithGemini, GeminiError } from "./gemini";
import { extractWithRules, summarize } from "./rules";
import type { ExtractedFields, Extraction, ExtractionInput, Extractor } from "./types";

export type ExtractOptions = { geminiApiKey?: string; geminiBaseUrl?: string; model?: string; timeoutMs?: number; signal?: AbortSignal };
export type ExtractResult = Extraction & { extractor: Extractor; fallback_reason?: string };

export async function extractDocument(input: ExtractionInput, opts: ExtractOptions = {}): Promise<ExtractResult> {
  let einvoiceNote = input.einvoiceNote && `E-invoice not used: ${input.einvoiceNote}`;
  if (input.einvoiceXml !== undefined) {
    try {
      return { ...extractEInvoice(input.einvoiceXml), extractor: "e-invoice" };
    } catch (err) {
      if (!(err instanceof EInvoiceError)) throw err;
      einvoiceNote = `E-invoice XML not used: ${err.message}`;
    }
  }
  const result = await extractFromText(input, opts);
  const note = [einvoiceNote, result.fallback_reason].filter(Boolean).join("; ");
  return note ? { ...result, fallback_reason: note } : result;
}

async function extractFromText(input: ExtractionInput, opts: ExtractOptions): Promise<ExtractResult> {
  const rules = extractWithRules(input);
  if (!opts.geminiApiKey) return { ...rules, extractor: "rules" };
  let gemini: Extraction;
  try {
    gemini = await extractWithGemini(input, { apiKey: opts.geminiApiKey, baseUrl: opts.geminiBaseUrl, model: opts.model, timeoutMs: opts.timeoutMs, signal: opts.signal });
  } catch (err) {
    const reason = err instanceof GeminiError ? err.message : `Gemini extraction failed: ${err instanceof Error ? err.name : "error"}`;
    return { ...rules, extractor: "rules", fallback_reason: reason.split(opts.geminiApiKey).join("***") };
  }
  return { ...merge(gemini, rules), extractor: "gemini" };
}

/**
 * Gemini's fields first, the rules' where Gemini has none. Where both agree the confidence
 * rises; where they disagree Gemini's value stays with a lower confidence (a person reviews it
 * if the arithmetic checks fail).
 */
export function merge(gemini: Extraction, rules: Extraction): Extraction {
  const fields: ExtractedFields = { ...gemini.fields };
  for (const key of Object.keys(rules.fields) as (keyof ExtractedFields)[]) {
    const r = rules.fields[key];
    const g = fields[key];
    if (!r) continue;
    if (!g) {
      (fields as Record<string, unknown>)[key] = r;
      continue;
    }
    const agree = typeof g.value === "number" ? Math.abs((g.value as number) - (r.value as number)) < 0.005 : normalize(String(g.value)) === normalize(String(r.value));
    (fields as Record<string, unknown>)[key] = { ...g, confidence: agree ? Math.max(g.confidence, 0.95) : Math.min(g.confidence, 0.75) };
  }
  const useGeminiItems = gemini.line_items.length > 0;
  const merged: Extraction = {
    fields,
    line_items: useGeminiItems ? gemini.line_items : rules.line_items,
    line_items_source: useGeminiItems ? "gemini" : rules.line_items_source,
    summary: gemini.summary || "",
    summary_source: gemini.summary ? "gemini" : "rules",
  };
  if (!merged.summary) merged.summary = summarize(merged);
  return merged;
}

const normalize = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
