// The daily summary in one person's language: subject, plain text and HTML, every line linking
// into the dashboard. Pure: the numbers come from summary-data.ts.
import { createFormatter, createTranslator } from "next-intl";
import { direction, type Locale } from "../i18n/locales";
import { MESSAGES } from "../i18n/messages";
import { isEmptySummary, type SummaryData } from "./summary-data";

export type SummaryEmail = { subject: string; text: string; html: string; empty: boolean };

type Line = { text: string; href?: string };
type Section = { title: string; lines: Line[] };

export type RenderOptions = { locale: Locale; timeZone: string; publicUrl: string; company: string };

export function renderSummary(data: SummaryData, opts: RenderOptions): SummaryEmail {
  const t = createTranslator({ locale: opts.locale, messages: MESSAGES[opts.locale], namespace: "summary" });
  const status = createTranslator({ locale: opts.locale, messages: MESSAGES[opts.locale], namespace: "common.status" });
  const format = createFormatter({ locale: opts.locale, timeZone: opts.timeZone });
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const from = when(data.window.from);
  const to = when(data.window.to);
  const date = format.dateTime(data.window.to, { dateStyle: "long" });
  const link = (path: string, query: Record<string, string> = {}) => {
    const url = new URL(path, opts.publicUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  };
  const home = link("/");

  if (isEmptySummary(data)) {
    const line = t("nothingNew", { from, to });
    return { subject: t("subjectEmpty", { date }), text: `${line}\n\n${t("open")}: ${home}\n`, html: page(opts.locale, [`<p>${esc(line)}</p>`, `<p><a href="${esc(home)}">${esc(t("open"))}</a></p>`]), empty: true };
  }

  const windowQuery = { from: data.window.from.toISOString(), to: data.window.to.toISOString() };
  const money = (amount: number, currency: string | null) => {
    if (!currency) return format.number(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    try {
      return format.number(amount, { style: "currency", currency });
    } catch {
      // A code Intl does not know is still shown, beside the number.
      return `${format.number(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
    }
  };
  const newDocuments = data.byStatus.reduce((n, s) => n + s.count, 0);

  const sections: Section[] = [
    {
      title: t("emails.title"),
      lines: data.emails.length ? data.emails.map((e) => ({ text: t("emails.line", { account: e.account, count: e.count }), href: link(`/accounts/${e.accountId}`) })) : [{ text: t("emails.none"), href: link("/accounts") }],
    },
    {
      title: t("categories.title"),
      lines: data.byCategory.length
        ? data.byCategory.map((c) => ({ text: t("categories.line", { name: c.name ?? t("categories.uncategorized"), count: c.count }), href: link("/documents", { category_id: c.categoryId ?? "none", ...windowQuery }) }))
        : [{ text: t("statuses.none") }],
    },
    {
      title: t("statuses.title"),
      lines: data.byStatus.length ? data.byStatus.map((s) => ({ text: t("statuses.line", { status: status(`document.${s.status}`), count: s.count }), href: link("/documents", { status: s.status, ...windowQuery }) })) : [{ text: t("statuses.none") }],
    },
    {
      title: t("totals.title"),
      lines: data.totals.length
        ? data.totals.map((m) => ({ text: m.currency ? t("totals.line", { amount: money(m.amount, m.currency), count: m.count }) : t("totals.noCurrency", { amount: money(m.amount, null) }), href: link("/documents", windowQuery) }))
        : [{ text: t("totals.none") }],
    },
    {
      title: t("failures.title"),
      lines:
        data.failedDocuments || data.failedRuns.length
          ? [
              ...(data.failedDocuments ? [{ text: t("failures.documents", { count: data.failedDocuments }), href: link("/documents", { status: "error" }) }] : []),
              ...data.failedRuns.map((r) => ({ text: t("failures.runs", { account: r.account, count: r.count }), href: link(`/accounts/${r.accountId}`) })),
            ]
          : [{ text: t("failures.none") }],
    },
    {
      title: t("review.title"),
      lines:
        data.waitingReview || data.awaitingCategory || data.emailsWaitingReview
          ? [
              ...(data.waitingReview ? [{ text: t("review.documents", { count: data.waitingReview }), href: link("/review") }] : []),
              ...(data.awaitingCategory ? [{ text: t("review.category", { count: data.awaitingCategory }), href: link("/review") }] : []),
              ...(data.emailsWaitingReview ? [{ text: t("review.emails", { count: data.emailsWaitingReview }), href: link("/review", { tab: "emails" }) }] : []),
            ]
          : [{ text: t("review.none") }],
    },
    {
      title: t("attention.title"),
      lines: data.attention.length
        ? data.attention.map((a) => ({ text: t("attention.line", { account: a.account, status: `${status(`account.${a.status as "auth_error"}`)} (${status(`accountHint.${a.status as "auth_error"}`)})` }), href: link(`/accounts/${a.accountId}`) }))
        : [{ text: t("attention.none") }],
    },
  ];

  const intro = t("intro", { company: opts.company, from, to });
  const text = [intro, "", ...sections.flatMap((s) => [s.title, ...s.lines.map((l) => `- ${l.text}${l.href ? ` <${l.href}>` : ""}`), ""]), `${t("open")}: ${home}`, "", t("footer"), ""].join("\n");
  const html = page(opts.locale, [
    `<p>${esc(intro)}</p>`,
    ...sections.map((s) => `<h2 style="font-size:16px;margin:20px 0 6px">${esc(s.title)}</h2><ul style="margin:0;padding-inline-start:20px">${s.lines.map((l) => `<li>${l.href ? `<a href="${esc(l.href)}">${esc(l.text)}</a>` : esc(l.text)}</li>`).join("")}</ul>`),
    `<p style="margin-top:24px"><a href="${esc(home)}">${esc(t("open"))}</a></p>`,
    `<p style="color:#64748b;font-size:12px">${esc(t("footer"))}</p>`,
  ]);
  return { subject: t("subject", { date, documents: newDocuments }), text, html, empty: false };
}

function page(locale: Locale, body: string[]): string {
  return `<!doctype html><html lang="${locale}" dir="${direction(locale)}"><body style="font-family:system-ui,sans-serif;font-size:14px;color:#0f172a">${body.join("\n")}</body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
