import { test } from "node:test";
import assert from "node:assert/strict";
import { describeEvaluation, evaluate, needsDocumentTypes, type EvaluableRule, type TriageEmail } from "@/lib/triage/evaluate";
import type { z } from "zod";
import { conditionsSchema, createTriageRuleSchema, dryRunSchema } from "@/lib/triage/schemas";

const email: TriageEmail = {
  from: "Acme Billing <Billing@Mail.Acme.com>",
  subject: "Your Invoice for March",
  body: "שלום, מצורפת בחשבונית מס 1042 לתשלום. Café payment due.",
  hasAttachment: true,
  documentTypes: ["invoice"],
};

let seq = 0;
const rule = (conditions: z.input<typeof conditionsSchema>, outcome: EvaluableRule["outcome"] = "acknowledge", name = `rule ${++seq}`): EvaluableRule => ({
  id: `00000000-0000-4000-8000-${String(++seq).padStart(12, "0")}`,
  name,
  position: seq,
  conditions: conditionsSchema.parse(conditions),
  outcome,
});

test("with no rule the email waits for review, and the reason says so", () => {
  const e = evaluate([], email);
  assert.deepEqual([e.outcome, e.rule, e.reasons], ["review", null, []]);
  assert.equal(describeEvaluation(e, 0), "no triage rules: review by default");
});

test("a rule with empty conditions matches every email", () => {
  const all = rule({}, "none", "Everything");
  const e = evaluate([all], { from: null, subject: null, body: null, hasAttachment: false, documentTypes: [] });
  assert.equal(e.outcome, "none");
  assert.equal(e.rule?.id, all.id);
  assert.equal(describeEvaluation(e, 1), "matched rule Everything: it matches every email");
});

test("rules are tried in position order and the first match wins", () => {
  const late = { ...rule({ subject: "invoice" }, "review"), position: 5 };
  const early = { ...rule({ from: "acme.com" }, "acknowledge"), position: 1 };
  const e = evaluate([late, early], email);
  assert.equal(e.rule?.id, early.id);
  assert.equal(e.outcome, "acknowledge");
});

test("from matches an address, a domain with or without @, subdomains and a local part, ignoring case", () => {
  for (const from of ["billing@mail.acme.com", "acme.com", "@ACME.com", "mail.acme.com", "billing@"]) assert.equal(evaluate([rule({ from })], email).outcome, "acknowledge", from);
  for (const from of ["other.com", "billing@acme.com", "cme.com", "sales@"]) assert.equal(evaluate([rule({ from })], email).outcome, "review", from);
});

test("subject and body keywords ignore case, accents and Hebrew prefixes and final letters; any keyword will do", () => {
  assert.equal(evaluate([rule({ subject: ["receipt", "INVOICE"] })], email).reasons[0].value, "INVOICE");
  assert.equal(evaluate([rule({ body: "cafe" })], email).outcome, "acknowledge");
  assert.equal(evaluate([rule({ body: "חשבונית" })], email).outcome, "acknowledge", "בחשבונית carries a prefix");
  assert.equal(evaluate([rule({ subject: "invoic*" })], email).outcome, "acknowledge");
  assert.equal(evaluate([rule({ subject: "voice" })], email).outcome, "review", "whole words only");
  assert.equal(evaluate([rule({ body: "payment due, refund" })], email).reasons[0].value, "payment due");
});

test("every condition of a rule must hold, and the reasons name what matched", () => {
  const r = rule({ from: "acme.com", subject: "invoice", has_attachment: true, document_type: "invoice" }, "acknowledge", "Acme invoices");
  const e = evaluate([r], email);
  assert.equal(e.outcome, "acknowledge");
  assert.deepEqual(e.reasons, [
    { condition: "from", value: "acme.com" },
    { condition: "has_attachment", value: true },
    { condition: "document_type", value: "invoice" },
    { condition: "subject", value: "invoice" },
  ]);
  assert.equal(describeEvaluation(e, 1), "matched rule Acme invoices: sender matches 'acme.com', has an attachment, has a document of type 'invoice', subject contains 'invoice'");
  const noAttachment = evaluate([r], { ...email, hasAttachment: false });
  assert.equal(noAttachment.outcome, "review");
  assert.deepEqual(noAttachment.skipped.map((s) => s.failed), ["has_attachment"]);
  assert.equal(evaluate([r], { ...email, documentTypes: ["receipt"] }).skipped[0].failed, "document_type");
});

test("has_attachment false matches only emails without attachments", () => {
  const r = rule({ has_attachment: false }, "none");
  assert.equal(evaluate([r], email).outcome, "review");
  assert.equal(evaluate([r], { ...email, hasAttachment: false }).outcome, "none");
});

test("a rule needs the documents' types only when one of them has a document_type condition", () => {
  assert.equal(needsDocumentTypes([rule({ subject: "x" })]), false);
  assert.equal(needsDocumentTypes([rule({ subject: "x" }), rule({ document_type: "receipt" })]), true);
});

test("conditions accept a comma list or an array, drop empty lists and reject what cannot match", () => {
  assert.deepEqual(conditionsSchema.parse({ subject: "invoice, receipt\nחשבונית", from: [] }), { subject: ["invoice", "receipt", "חשבונית"] });
  assert.equal(conditionsSchema.safeParse({ from: "not an address!" }).success, false);
  assert.equal(conditionsSchema.safeParse({ document_type: "contract" }).success, false);
  assert.equal(conditionsSchema.safeParse({ colour: "red" }).success, false);
  assert.equal(createTriageRuleSchema.safeParse({ name: "x", conditions: {}, outcome: "delete" }).success, false);
  assert.deepEqual(createTriageRuleSchema.parse({ name: " All ", outcome: "none" }).conditions, {});
  assert.equal(dryRunSchema.safeParse({ email_id: "00000000-0000-4000-8000-000000000001", subject: "x" }).success, false);
});
