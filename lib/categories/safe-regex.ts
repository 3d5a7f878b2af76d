import vm from "node:vm";

/** A regex rule reads at most this much of a document: the first pages are where invoices say who they are. */
export const REGEX_MAX_TEXT = 100_000;
/** Per rule and document; a match that takes longer counts as no match. */
export const REGEX_TIMEOUT_MS = 50;
export const REGEX_MAX_LENGTH = 300;
const REGEX_FLAGS = "iu";

// Repetition inside a group that is itself repeated, like (a+)+ or (\w*\s?)*: the classic way to backtrack forever.
const NESTED_REPEAT = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;
// Inputs that make badly written patterns backtrack; a save-time check, the run-time timeout still applies.
const PROBES = ["a".repeat(2_000) + "!", "1".repeat(2_000) + "x", " ".repeat(2_000) + "!", "א".repeat(2_000) + "!", "a1 ".repeat(700) + "\u0000"];

// One isolated context, reused: creating a context per match costs more than the match.
const context = vm.createContext(Object.create(null));
const testScript = new vm.Script("re.lastIndex = 0; re.test(s)");

/** Why a regex rule's pattern cannot be saved, or null when it can. */
export function regexProblem(pattern: string): string | null {
  if (pattern.length > REGEX_MAX_LENGTH) return `must be at most ${REGEX_MAX_LENGTH} characters`;
  let re: RegExp;
  try {
    re = new RegExp(pattern, REGEX_FLAGS);
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
  if (NESTED_REPEAT.test(pattern)) return "repeats a group that itself repeats, like (a+)+, which can take forever on some documents; rewrite it without the nested repetition";
  if (re.test("")) return "matches an empty text, so it would match every document";
  for (const probe of PROBES) {
    if (timesOutEveryTime(re, probe)) return "takes too long on long texts (catastrophic backtracking); simplify it";
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
