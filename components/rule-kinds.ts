// What each kind of category rule matches, as the settings page explains it and the document page names it.
import { useTranslations } from "next-intl";
import { CATEGORY_RULE_KINDS, type CategoryRuleKind } from "@/lib/categories/schemas";
import english from "@/lib/i18n/messages/en/categories.json";

export type RuleKind = CategoryRuleKind;
export const RULE_KINDS = CATEGORY_RULE_KINDS;

export type RuleKindInfo = { label: string; hint: string; placeholder: string };

// An address reads the same in every language.
const SENDER_EXAMPLE = "@iec.co.il";

/** Each kind's name, hint and example in the reader's language (client and synchronous server components). */
export function useRuleKinds(): (kind: RuleKind) => RuleKindInfo {
  const t = useTranslations("categories.ruleKinds");
  return (kind) => ({ label: t(`${kind}.label`), hint: t(`${kind}.hint`), placeholder: kind === "sender" ? SENDER_EXAMPLE : t(`${kind}.placeholder`) });
}

/** @deprecated English only: use `useRuleKinds()`. Kept until the document page's category panel moves to it. */
export const kindInfo = (kind: RuleKind): RuleKindInfo => ({ placeholder: SENDER_EXAMPLE, ...english.ruleKinds[kind] });
