// What a rule's pattern must look like, checked the same way in the browser (as the form is filled
// in) and on the server. Pure: the run-time check that a regex does not backtrack forever needs
// node:vm and lives in safe-regex.ts.
import type { z } from "zod";
import { parsePhrases } from "./text";

export const REGEX_MAX_LENGTH = 300;
export const REGEX_FLAGS = "iu";

/** Why a pattern cannot be saved: the English sentence and its key in the errors messages (`rules.pattern.*`). */
export type PatternProblem = { message: string; key: PatternProblemKey };
export type PatternProblemKey = "not_sender" | "no_words" | "regex_too_long" | "regex_invalid" | "regex_nested" | "regex_empty" | "regex_slow";

// Repetition inside a group that is itself repeated, like (a+)+ or (\w*\s?)*: the classic way to backtrack forever.
const NESTED_REPEAT = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;
const SENDER_HINT = "an address (billing@acme.com), a domain (@acme.com or acme.com) or a mailbox name (billing@)";

/** What is wrong with the pattern for this kind of rule that can be told without running it, or null. */
export function patternFormProblem(kind: string, pattern: string): PatternProblem | null {
  if (kind === "regex") return regexFormProblem(pattern);
  if (kind === "sender") {
    const alts = senderAlternatives(pattern);
    if (alts.length === 0) return { key: "not_sender", message: `must be ${SENDER_HINT}` };
    const bad = alts.find((a) => !/^[^\s@<>()",;]*@?[^\s@<>()",;]*$/.test(a) || a === "@" || (!a.includes("@") && !a.includes(".")));
    return bad ? { key: "not_sender", message: `“${bad}” is not ${SENDER_HINT}` } : null;
  }
  return parsePhrases(pattern).length === 0 ? { key: "no_words", message: "must contain at least one word" } : null;
}

/** The problem as a zod issue on `pattern`: a 422 beside the field, worded in the reader's language. */
export function patternIssue(problem: PatternProblem): z.core.$ZodIssueCustom {
  return { code: "custom", path: ["pattern"], message: problem.message, params: { i18n: `rules.pattern.${problem.key}` }, input: undefined };
}

export function senderAlternatives(pattern: string): string[] {
  return pattern
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function regexFormProblem(pattern: string): PatternProblem | null {
  if (pattern.length > REGEX_MAX_LENGTH) return { key: "regex_too_long", message: `must be at most ${REGEX_MAX_LENGTH} characters` };
  let re: RegExp;
  try {
    re = new RegExp(pattern, REGEX_FLAGS);
  } catch (err) {
    return { key: "regex_invalid", message: `is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}` };
  }
  if (NESTED_REPEAT.test(pattern)) {
    return { key: "regex_nested", message: "repeats a group that itself repeats, like (a+)+, which can take forever on some documents; rewrite it without the nested repetition" };
  }
  if (re.test("")) return { key: "regex_empty", message: "matches an empty text, so it would match every document" };
  return null;
}
