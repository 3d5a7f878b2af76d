// What each kind of category rule matches, as the settings page explains it and the document page names it.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { CATEGORY_RULE_KINDS, type CategoryRuleKind } from "@/lib/categories/schemas";

export type RuleKind = CategoryRuleKind;
export const RULE_KINDS = CATEGORY_RULE_KINDS;

export type RuleKindInfo = { label: string; hint: ReactNode; placeholder: string };

// An address reads the same in every language.
const SENDER_EXAMPLE = "@iec.co.il";
// Examples in a hint are patterns to type, not words to translate.
const code = (chunks: ReactNode) => <code className="font-mono">{chunks}</code>;

/** Each kind's name, hint and example in the reader's language (client and synchronous server components). */
export function useRuleKinds(): (kind: RuleKind) => RuleKindInfo {
  const t = useTranslations("categories.ruleKinds");
  return (kind) => ({ label: t(`${kind}.label`), hint: t.rich(`${kind}.hint`, { code }), placeholder: kind === "sender" ? SENDER_EXAMPLE : t(`${kind}.placeholder`) });
}

