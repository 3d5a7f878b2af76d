// Which triage rule decides an email, and why: pure, shared by the job and the dry run.
import { containsPhrase, emailAddress, emailDomain, parsePhrases, words } from "../categories/text";
import { DEFAULT_OUTCOME, type ConditionName, type MatchReason, type TriageConditions, type TriageOutcome } from "./schemas";

/** What rules look at in an email. `documentTypes`: the types extracted from its documents (effective, a person's correction first). */
export type TriageEmail = {
  from: string | null;
  subject: string | null;
  body: string | null;
  hasAttachment: boolean;
  documentTypes: string[];
};

export type EvaluableRule = { id: string; name: string; position: number; conditions: TriageConditions; outcome: TriageOutcome };

export type Evaluation = {
  outcome: TriageOutcome;
  rule: EvaluableRule | null;
  reasons: MatchReason[];
  /** Rules tried before the deciding one (or all of them), each with the first condition it failed. */
  skipped: { rule: EvaluableRule; failed: ConditionName }[];
};

/** Rules are tried in `position` order; the first whose conditions all hold wins; none → review. */
export function evaluate(rules: EvaluableRule[], email: TriageEmail): Evaluation {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const prepared = prepare(email);
  const skipped: Evaluation["skipped"] = [];
  for (const rule of ordered) {
    const result = matchConditions(rule.conditions, prepared);
    if ("failed" in result) skipped.push({ rule, failed: result.failed });
    else return { outcome: rule.outcome, rule, reasons: result.reasons, skipped };
  }
  return { outcome: DEFAULT_OUTCOME, rule: null, reasons: [], skipped };
}

/** Whether deciding with these rules needs the email's document types (so must wait for its documents). */
export function needsDocumentTypes(rules: Pick<EvaluableRule, "conditions">[]): boolean {
  return rules.some((r) => r.conditions.document_type !== undefined);
}

/** The decision in words, stored on the email: "matched rule Invoices: subject contains 'invoice', has an attachment". */
export function describeEvaluation(e: Pick<Evaluation, "rule" | "reasons" | "outcome">, ruleCount: number): string {
  if (!e.rule) return ruleCount === 0 ? `no triage rules: ${e.outcome} by default` : `no rule matched: ${e.outcome} by default`;
  if (e.reasons.length === 0) return `matched rule ${e.rule.name}: it matches every email`;
  return `matched rule ${e.rule.name}: ${e.reasons.map(describeReason).join(", ")}`;
}

export function describeReason(r: MatchReason): string {
  switch (r.condition) {
    case "from":
      return `sender matches '${r.value}'`;
    case "subject":
      return `subject contains '${r.value}'`;
    case "body":
      return `body contains '${r.value}'`;
    case "has_attachment":
      return r.value ? "has an attachment" : "has no attachment";
    case "document_type":
      return `has a document of type '${r.value}'`;
  }
}

type Prepared = { address: string | null; email: TriageEmail; subjectWords: string[]; bodyWords?: string[] };

function prepare(email: TriageEmail): Prepared {
  return { address: emailAddress(email.from), email, subjectWords: words(email.subject ?? "") };
}

// Conditions are checked in a fixed order, cheapest first; the body's words are split only if a rule asks.
function matchConditions(c: TriageConditions, p: Prepared): { reasons: MatchReason[] } | { failed: ConditionName } {
  const reasons: MatchReason[] = [];
  if (c.from) {
    const hit = c.from.find((alt) => senderMatches(alt, p.address));
    if (hit === undefined) return { failed: "from" };
    reasons.push({ condition: "from", value: hit });
  }
  if (c.has_attachment !== undefined) {
    if (p.email.hasAttachment !== c.has_attachment) return { failed: "has_attachment" };
    reasons.push({ condition: "has_attachment", value: c.has_attachment });
  }
  if (c.document_type) {
    if (!p.email.documentTypes.includes(c.document_type)) return { failed: "document_type" };
    reasons.push({ condition: "document_type", value: c.document_type });
  }
  if (c.subject) {
    const hit = firstKeyword(c.subject, p.subjectWords);
    if (hit === undefined) return { failed: "subject" };
    reasons.push({ condition: "subject", value: hit });
  }
  if (c.body) {
    p.bodyWords ??= words(p.email.body ?? "");
    const hit = firstKeyword(c.body, p.bodyWords);
    if (hit === undefined) return { failed: "body" };
    reasons.push({ condition: "body", value: hit });
  }
  return { reasons };
}

function firstKeyword(keywords: string[], text: string[]): string | undefined {
  return keywords.find((k) => parsePhrases(k).some((phrase) => containsPhrase(text, phrase)));
}

/** `billing@acme.com` the address, `billing@` the local part, `acme.com` / `@acme.com` the domain and its subdomains. */
export function senderMatches(alternative: string, address: string | null): boolean {
  if (!address) return false;
  const alt = alternative.trim().toLowerCase();
  const domain = emailDomain(address)!;
  if (alt.endsWith("@")) return address.slice(0, address.lastIndexOf("@")) === alt.slice(0, -1);
  if (alt.includes("@") && !alt.startsWith("@")) return address === alt;
  const d = alt.replace(/^@/, "");
  return domain === d || domain.endsWith(`.${d}`);
}
