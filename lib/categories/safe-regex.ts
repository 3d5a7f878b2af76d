import vm from "node:vm";
import { patternFormProblem, REGEX_FLAGS, type PatternProblem } from "./patterns";

/** A regex rule reads at most this much of a document: the first pages are where invoices say who they are. */
export const REGEX_MAX_TEXT = 100_000;
/** Per rule and document; a match that takes longer counts as no match. */
export const REGEX_TIMEOUT_MS = 50;
// Inputs that make badly written patterns backtrack; a save-time check, the run-time timeout still applies.
const PROBES = ["a".repeat(2_000) + "!", "1".repeat(2_000) + "x", " ".repeat(2_000) + "!", "א".repeat(2_000) + "!", "a1 ".repeat(700) + "\u0000"];

// One isolated context, reused: creating a context per match costs more than the match.
const context = vm.createContext(Object.create(null));
const testScript = new vm.Script("re.lastIndex = 0; re.test(s)");

/** Why a regex rule's pattern cannot be saved, or null when it can: what the form checks, then whether it runs in time. */
export function regexProblem(pattern: string): PatternProblem | null {
  const problem = patternFormProblem("regex", pattern);
  if (problem) return problem;
  const re = compileRegex(pattern);
  for (const probe of PROBES) {
    if (timesOutEveryTime(re, probe)) return { key: "regex_slow", message: "takes too long on long texts (catastrophic backtracking); simplify it" };
  }
  return null;
}

// A backtracking pattern never finishes a probe; a busy machine may pause a good one once. Three timeouts in a row decide.
function timesOutEveryTime(re: RegExp, probe: string): boolean {
  for (let i = 0; i < 3; i++) if (guardedTest(re, probe, 20) !== "timeout") return false;
  return true;
}

export function compileRegex(pattern: string): RegExp {
  return new RegExp(pattern, REGEX_FLAGS);
}

/** Tests a company's regex against a document without letting it hang the process. */
export function guardedTest(re: RegExp, text: string, timeoutMs = REGEX_TIMEOUT_MS): boolean | "timeout" {
  context.re = re;
  context.s = text.length > REGEX_MAX_TEXT ? text.slice(0, REGEX_MAX_TEXT) : text;
  try {
    return testScript.runInContext(context, { timeout: timeoutMs }) === true;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "timeout";
    throw err;
  } finally {
    context.re = undefined;
    context.s = undefined;
  }
}
