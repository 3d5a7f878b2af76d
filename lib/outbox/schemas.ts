import { z } from "../zod";

export const emailSendPayload = z.object({ email_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ to enqueue; jobs/email-send.ts adds options and the handler. */
export const emailSendJob = { name: "email.send", schema: emailSendPayload } as const;

export const SMTP_SECURITIES = ["tls", "starttls", "none"] as const;

/** PUT /api/settings/smtp: the company's own server. A blank password keeps the stored one, but only for the same host, port, security and user. */
export const smtpSettingsInput = z.object({
  host: z.string().trim().min(1, "is required").max(253).regex(/^[A-Za-z0-9.\-:[\]]+$/, "must be a host name or IP address"),
  port: z.coerce.number().int().min(1).max(65535),
  security: z.enum(SMTP_SECURITIES),
  username: z
    .string()
    .trim()
    .max(320)
    .transform((v) => v || null)
    .nullable()
    .optional(),
  password: z
    .string()
    .max(1000)
    .transform((v) => v || undefined)
    .optional(),
  from_address: z.string().trim().min(3, "is required").max(320),
});
export type SmtpSettingsInput = z.infer<typeof smtpSettingsInput>;

/** GET /api/settings/smtp: where email goes out now; never the password. */
export const smtpSettingsJson = z.object({
  /** "company": its own server below; "server": SMTP_URL; "none": nothing configured, nothing can be sent. */
  source: z.enum(["company", "server", "none"]),
  host: z.string().nullable(),
  port: z.number().nullable(),
  security: z.string().nullable(),
  username: z.string().nullable(),
  has_password: z.boolean(),
  from_address: z.string().nullable(),
});
export type SmtpSettingsJson = z.infer<typeof smtpSettingsJson>;

/** POST /api/settings/smtp/test: sends a test email to `to` (the caller's own address by default). */
export const smtpTestInput = z.object({ to: z.union([z.literal("").transform(() => undefined), z.email()]).optional() });

/** What the server said, exactly: "250 2.0.0 Ok: queued" or "535 5.7.8 Authentication failed". */
export const smtpTestResult = z.object({ ok: z.boolean(), to: z.string(), message: z.string(), response: z.string().nullable() });
export type SmtpTestResult = z.infer<typeof smtpTestResult>;

/** One recorded email as the settings page lists it. */
export const sentEmailJson = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(["pending", "sent", "failed"]),
  attempts: z.number(),
  error: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type SentEmailJson = z.infer<typeof sentEmailJson>;
