import type { Extraction, ExtractionCheck } from "../extract/types";
import { NO_TOTAL_REASON } from "./contract";

/**
 * Why a document needs a person's look: its failed checks that are not advisory, and a missing
 * total. An advisory check (line items that miss the total) marks the rows doubtful instead.
 */
export function reviewReasons(e: Pick<Extraction, "fields">, checks: ExtractionCheck[]): string[] {
  const reasons = checks.filter((c) => !c.ok && !c.advisory).map((c) => c.message);
  if (!e.fields.total) reasons.push(NO_TOTAL_REASON);
  return reasons;
}
