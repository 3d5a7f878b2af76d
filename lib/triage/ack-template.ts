// The acknowledgement's template: defaults in English and Hebrew, and its rendering. Browser-safe:
// the settings page previews with the same function the worker sends with.
import type { Locale } from "../i18n/locales";

export const TEMPLATE_VARIABLES = ["sender_name", "subject", "document_count", "reference"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string | number>;
export type AckTemplate = { subject: string; html: string; text: string };

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_MAX_PER_HOUR = 20;

const DEFAULTS: Record<Locale, AckTemplate> = {
  en: {
    subject: "Re: {{subject}}",
    text: "Hello {{sender_name}},\n\nWe received your email \"{{subject}}\" with {{document_count}} document(s). Your reference number is {{reference}}.\n\nThis is an automatic reply; there is no need to answer it.",
    html: "<p>Hello {{sender_name}},</p>\n<p>We received your email &ldquo;{{subject}}&rdquo; with {{document_count}} document(s). Your reference number is <strong>{{reference}}</strong>.</p>\n<p>This is an automatic reply; there is no need to answer it.</p>",
  },
  he: {
    subject: "Re: {{subject}}",
    text: "שלום {{sender_name}},\n\nקיבלנו את הודעתך \"{{subject}}\" עם {{document_count}} מסמכים. מספר האסמכתא שלך הוא {{reference}}.\n\nזוהי תשובה אוטומטית; אין צורך להשיב עליה.",
    html: "<div dir=\"rtl\">\n<p>שלום {{sender_name}},</p>\n<p>קיבלנו את הודעתך &quot;{{subject}}&quot; עם {{document_count}} מסמכים. מספר האסמכתא שלך הוא <strong>{{reference}}</strong>.</p>\n<p>זוהי תשובה אוטומטית; אין צורך להשיב עליה.</p>\n</div>",
  },
};

export function defaultAckTemplate(locale: Locale | null | undefined): AckTemplate {
  return DEFAULTS[locale ?? "en"] ?? DEFAULTS.en;
}

/** `{{name}}` replaced by its value; in HTML every value is escaped. Unknown names stay as typed. */
export function renderTemplate(template: string, values: TemplateValues, opts: { html: boolean }): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) return whole;
    const v = String(values[name as TemplateVariable]);
    return opts.html ? escapeHtml(v) : v;
  });
}

export function renderAck(t: AckTemplate, values: TemplateValues): AckTemplate {
  // A subject is one line: a value with a line break must not start a header.
  const subject = renderTemplate(t.subject, values, { html: false }).replace(/[\r\n]+/g, " ").trim();
  return { subject, text: renderTemplate(t.text, values, { html: false }), html: renderTemplate(t.html, values, { html: true }) };
}

/** The reference a sender can quote back: short, stable, from the email's id. */
export function ackReference(emailId: string): string {
  return `MR-${emailId.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** What the preview shows. */
export const SAMPLE_VALUES: TemplateValues = { sender_name: "Dana Cohen", subject: "Invoice 2024/0017 <March>", document_count: 2, reference: "MR-1A2B3C4D" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
