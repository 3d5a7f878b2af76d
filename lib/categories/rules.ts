import type { CategoryRuleKind } from "./schemas";
import { compileRegex, guardedTest, regexProblem, REGEX_TIMEOUT_MS } from "./safe-regex";
import { patternFormProblem, senderAlternatives, type PatternProblem } from "./patterns";
import { containsPhrase, emailAddress, emailDomain, parsePhrases, words, type Phrase } from "./text";

/** What rules look at in a document. */
export type RuleInput = {
  text: string | null;
  filename?: string | null;
  subject?: string | null;
  from?: string | null;
  /** The vendor as people see it: a person's correction, else the extracted one. */
  vendor?: string | null;
};

export type Rule = { id: string; categoryId: string; kind: CategoryRuleKind; pattern: string };

/** No match: `timedOut` regex rules ran out of their own time, `skipped` rules were not tried because the document's budget was spent. */
export type RuleMatch = { rule: Rule } | { rule: null; timedOut: Rule[]; skipped: Rule[] };

/** All of one document's rules together: 200 slow regex rules must not take 50 ms each. */
export const RULES_BUDGET_MS = 250;

/** Why a pattern cannot be saved for this kind of rule, or null when it can. */
export function patternProblem(kind: CategoryRuleKind, pattern: string): PatternProblem | null {
  return kind === "regex" ? regexProblem(pattern) : patternFormProblem(kind, pattern);
}

/**
 * The first rule, in order, that matches, within `budgetMs` for all of them; regex rules that ran
 * out of time, and rules left untried when the budget ran out, are reported, not matched.
 */
export function firstMatchingRule(rules: Rule[], input: RuleInput, budgetMs = RULES_BUDGET_MS): RuleMatch {
  const prepared = new PreparedInput(input);
  const deadline = performance.now() + budgetMs;
  const timedOut: Rule[] = [];
  for (let k = 0; k < rules.length; k++) {
    const left = Math.floor(deadline - performance.now());
    if (left < 1) return { rule: null, timedOut, skipped: rules.slice(k) };
    const m = matchRule(rules[k], prepared, Math.min(REGEX_TIMEOUT_MS, left));
    if (m === "timeout") timedOut.push(rules[k]);
    else if (m) return { rule: rules[k] };
  }
  return { rule: null, timedOut, skipped: [] };
}

export function ruleMatches(rule: Pick<Rule, "kind" | "pattern">, input: RuleInput): boolean {
  return matchRule(rule, new PreparedInput(input)) === true;
}

function matchRule(rule: Pick<Rule, "kind" | "pattern">, input: PreparedInput, regexTimeoutMs = REGEX_TIMEOUT_MS): boolean | "timeout" {
  switch (rule.kind) {
    case "sender":
      return senderMatches(rule.pattern, input.address);
    case "subject":
      return anyPhrase(phrases(rule.pattern), input.subjectWords);
    case "keyword":
      return anyPhrase(phrases(rule.pattern), input.textWords) || anyPhrase(phrases(rule.pattern), input.filenameWords);
    case "vendor":
      return anyPhrase(phrases(rule.pattern), input.vendorWords);
    case "regex": {
      if (!input.raw.text) return false;
      let re: RegExp;
      try {
        re = compileRegex(rule.pattern);
      } catch {
        return false; // saved before validation existed, or by hand: such a rule never matches
      }
      return guardedTest(re, input.raw.text, regexTimeoutMs);
    }
  }
}

/** Words are computed once per document, however many rules look at them. */
class PreparedInput {
  readonly address: string | null;
  private cache = new Map<string, string[]>();
  constructor(readonly raw: RuleInput) {
    this.address = emailAddress(raw.from);
  }
  private words(key: keyof RuleInput) {
    let w = this.cache.get(key);
    if (!w) this.cache.set(key, (w = words(this.raw[key] ?? "")));
    return w;
  }
  get textWords() {
    return this.words("text");
  }
  get filenameWords() {
    return this.words("filename");
  }
  get subjectWords() {
    return this.words("subject");
  }
  get vendorWords() {
    return this.words("vendor");
  }
}

const phraseCache = new Map<string, Phrase[]>();
function phrases(pattern: string): Phrase[] {
  let p = phraseCache.get(pattern);
  if (!p) {
    if (phraseCache.size > 5_000) phraseCache.clear();
    phraseCache.set(pattern, (p = parsePhrases(pattern)));
  }
  return p;
}

function anyPhrase(list: Phrase[], text: string[]): boolean {
  return text.length > 0 && list.some((p) => containsPhrase(text, p));
}

/** billing@acme.com: that address; @acme.com or acme.com: that domain and its subdomains; billing@: that mailbox name anywhere. */
function senderMatches(pattern: string, address: string | null): boolean {
  if (!address) return false;
  const domain = emailDomain(address)!;
  const local = address.slice(0, address.lastIndexOf("@"));
  return senderAlternatives(pattern).some((alt) => {
    if (alt.endsWith("@")) return local === alt.slice(0, -1);
    if (alt.includes("@") && !alt.startsWith("@")) return address === alt;
    const d = alt.replace(/^@/, "");
    return domain === d || domain.endsWith(`.${d}`);
  });
}
