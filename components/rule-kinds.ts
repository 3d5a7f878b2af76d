// What each kind of category rule matches, as the settings page explains it and the document page names it.
export type RuleKind = "sender" | "subject" | "keyword" | "regex" | "vendor";

export const RULE_KINDS: { value: RuleKind; label: string; hint: string; placeholder: string }[] = [
  { value: "sender", label: "Sender", hint: "An address (billing@acme.com), a domain with its subdomains (@acme.com) or a mailbox name (billing@). Separate several with commas.", placeholder: "@iec.co.il" },
  { value: "subject", label: "Subject", hint: "Words or phrases in the email’s subject; any of several separated by commas. End a word with * to match longer words.", placeholder: "invoice, חשבונית" },
  { value: "keyword", label: "Keywords", hint: "Words or phrases in the document’s text or file name; any of several separated by commas. Hebrew matches with or without niqqud, geresh and prefixes (ה, ב, ל…).", placeholder: "electricity, חשמל" },
  { value: "vendor", label: "Vendor", hint: "The vendor’s name, or words in it, as extracted or as corrected by a person.", placeholder: "Israel Electric" },
  { value: "regex", label: "Regex", hint: "A JavaScript regular expression searched in the document’s text, ignoring case. Checked when saved; one that runs too long counts as no match.", placeholder: "meter\\s+no\\.?\\s*\\d+" },
];

export const kindInfo = (k: RuleKind) => RULE_KINDS.find((x) => x.value === k)!;
