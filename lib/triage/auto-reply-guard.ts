// Whether an email may get an automatic reply (RFC 3834 §2 and the account's limits): pure, so
// every case is unit-tested; lib/triage/acknowledge.ts gathers the history under a lock and sends.
import { emailAddress } from "../categories/text";
import type { ReplyHeaders } from "./schemas";

/** Why an acknowledgement was not sent; the email's page words each one. */
export const SKIP_REASONS = [
  "not_enabled",
  "no_sender",
  "auto_submitted",
  "bulk",
  "mailing_list",
  "bounce",
  "no_reply_sender",
  "own_address",
  "sender_window",
  "same_thread",
  "rate_limit",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type GuardEmail = { fromAddress: string | null; messageId: string | null; replyHeaders: ReplyHeaders };

/** What was already sent, gathered under the account's lock. */
export type ReplyHistory = {
  /** An acknowledgement went to this address within the window. */
  sentToSenderInWindow: boolean;
  /** An acknowledgement went out in this thread. */
  sentInThread: boolean;
  /** Acknowledgements the account sent in the last hour. */
  sentLastHour: number;
};

export type GuardInput = {
  email: GuardEmail;
  enabled: boolean;
  /** The account's address and the address replies go out from. */
  ownAddresses: (string | null | undefined)[];
  history: ReplyHistory;
  maxPerHour: number;
};

export type GuardDecision = { send: true; to: string } | { send: false; reason: SkipReason };

// no-reply, noreply, do-not-reply, donotreply (with anything after: noreply-billing, noreply+x),
// mailer-daemon, postmaster; owner-x and x-request are list addresses (RFC 3834 §2).
const NO_REPLY_LOCAL = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster)(?:$|[-_.+])|^owner-|-request$|^bounces?(?:$|[-_.+])/i;

/**
 * Checks in a fixed order, the message's own signs first, then the account's history; the first
 * failing check is the reason. The reply goes to Reply-To when given, else to the sender.
 */
export function decideAutoReply(input: GuardInput): GuardDecision {
  const { email } = input;
  const h = email.replyHeaders;
  if (!input.enabled) return skip("not_enabled");
  const from = emailAddress(email.fromAddress);
  const to = emailAddress(firstAddress(h.reply_to)) ?? from;
  if (!from || !to) return skip("no_sender");
  if (h.auto_submitted !== undefined && firstToken(h.auto_submitted) !== "no") return skip("auto_submitted");
  if (h.x_auto_response_suppress && /\b(all|autoreply|oof)\b/i.test(h.x_auto_response_suppress)) return skip("auto_submitted");
  if (["bulk", "list", "junk"].includes(firstToken(h.precedence ?? ""))) return skip("bulk");
  if (h.list_id !== undefined || h.list_unsubscribe !== undefined) return skip("mailing_list");
  // An empty Return-Path (<>) is a bounce or another message that asks for no answer.
  if (h.return_path !== undefined && /^<\s*>$/.test(h.return_path.trim())) return skip("bounce");
  if ([from, to].some(isNoReplyAddress)) return skip("no_reply_sender");
  const own = input.ownAddresses.map((a) => emailAddress(a ?? null)).filter(Boolean);
  if ([from, to].some((a) => own.includes(a))) return skip("own_address");
  if (input.history.sentInThread) return skip("same_thread");
  if (input.history.sentToSenderInWindow) return skip("sender_window");
  if (input.history.sentLastHour >= input.maxPerHour) return skip("rate_limit");
  return { send: true, to };
}

export function isNoReplyAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  return NO_REPLY_LOCAL.test(at < 0 ? address : address.slice(0, at));
}

/** The thread an email belongs to: the first message of its References, else what it answers, else itself. */
export function threadKey(email: Pick<GuardEmail, "messageId" | "replyHeaders">): string | null {
  return email.replyHeaders.references?.[0] ?? email.replyHeaders.in_reply_to ?? email.messageId ?? null;
}

/** Where a reply goes: Reply-To when given, else the sender. */
export function replyAddress(email: Pick<GuardEmail, "fromAddress" | "replyHeaders">): string | null {
  return emailAddress(firstAddress(email.replyHeaders.reply_to)) ?? emailAddress(email.fromAddress);
}

/** In-Reply-To and References for an answer to `email` (RFC 5322 §3.6.4). */
export function threadingHeaders(email: Pick<GuardEmail, "messageId" | "replyHeaders">): Record<string, string> {
  if (!email.messageId) return {};
  const refs = [...(email.replyHeaders.references ?? []), email.messageId].slice(-20);
  return { "In-Reply-To": email.messageId, References: refs.join(" ") };
}

const skip = (reason: SkipReason): GuardDecision => ({ send: false, reason });
const firstToken = (v: string) => v.split(";")[0].trim().toLowerCase();
const firstAddress = (v: string | undefined) => (v ? v.split(",")[0] : null);
