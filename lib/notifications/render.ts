// A notification in words, in one language: the line the page shows and the email it becomes.
import { createTranslator } from "next-intl";
import { env } from "../env";
import { direction, type Locale } from "../i18n/locales";
import { MESSAGES } from "../i18n/messages";
import type { NotificationEvent } from "./events";

export type EmailContent = { subject: string; text: string; html: string };
type Data = Record<string, string | number | null>;

function translator(locale: Locale) {
  // A notification whose data lacks a value still says what kind it is rather than a message key.
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "notifications", onError: () => {}, getMessageFallback: ({ key }) => key });
}

/** The notification's one line in `locale`, from its event and data. */
export function notificationText(locale: Locale, event: string, data: Data): string {
  const t = translator(locale);
  const key = `events.${event}`;
  if (!t.has(key as never)) return event;
  const values = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v ?? ""]));
  const text = t(key as never, { count: 1, documents: 0, account: "", filename: "", status: "", ...values } as never);
  return text === key ? t(`names.${event}` as never) : text;
}

/** The absolute address of a path inside Mailroom, for emails; a PUBLIC_URL under a path (https://host/mailroom) keeps it. */
export function publicLink(path: string): string {
  const base = env().PUBLIC_URL ?? `http://localhost:${env().PORT}`;
  return new URL(path.replace(/^\/+/, ""), base.endsWith("/") ? base : `${base}/`).toString();
}

/** The one-line email: the notification's line, a link to the thing, and where to change the choice. */
export function renderNotificationEmail(locale: Locale, event: NotificationEvent, data: Data, link: string | null): EmailContent {
  const t = translator(locale);
  const line = notificationText(locale, event, data);
  const url = publicLink(link ?? "/notifications");
  const settings = publicLink("/notifications/settings");
  const why = t("email.why", { event: t(`names.${event}`) });
  const subject = t("email.subject", { line });
  const text = `${line}\n\n${t("email.open")}: ${url}\n\n-- \n${why}\n${t("email.change")}: ${settings}\n`;
  const dir = direction(locale);
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><body style="font-family:system-ui,sans-serif;color:#0f172a">
<p style="font-size:16px">${escapeHtml(line)}</p>
<p><a href="${escapeHtml(url)}" style="color:#4338ca">${escapeHtml(t("email.open"))}</a></p>
<hr style="border:none;border-top:1px solid #e2e8f0">
<p style="font-size:12px;color:#64748b">${escapeHtml(why)} <a href="${escapeHtml(settings)}" style="color:#64748b">${escapeHtml(t("email.change"))}</a></p>
</body></html>`;
  return { subject, text, html };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
