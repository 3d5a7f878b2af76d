// The company's own settings, as the API takes and answers them; the settings page validates with these too.
import { z } from "../zod";

/** ISO 4217 codes, as the runtime knows them (Node and browsers list the same). */
export const CURRENCY_CODES = Intl.supportedValuesOf("currency") as [string, ...string[]];

/** The zones a company may choose, as the runtime lists them; UTC first (Intl leaves it out of the list). */
export const TIME_ZONES: string[] = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];

/**
 * An IANA zone name the runtime knows ("asia/jerusalem" and old aliases included), answered in its
 * canonical spelling. Offsets such as "+02:00" are refused: a company's schedules follow a place.
 */
export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .transform((zone, ctx) => {
    const canonical = /^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(zone) ? canonicalZone(zone) : null;
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: "must be a time zone such as Europe/London or Asia/Jerusalem", params: { i18n: "company.time_zone" } });
      return z.NEVER;
    }
    return canonical;
  });

/** Days stored files are kept; 0 keeps them forever. */
export const RETENTION_MAX_DAYS = 36500;

/** PATCH /api/company. A null currency (or the form's empty choice) means none: documents say theirs or have none. */
export const updateCompanySchema = z
  .object({
    default_currency: z
      .union([z.enum(CURRENCY_CODES), z.literal("")])
      .nullable()
      .transform((c) => c || null),
    time_zone: timeZoneSchema,
    retention_days: z.coerce.number().int("must be a whole number of days").min(0).max(RETENTION_MAX_DAYS),
  })
  .partial()
  .strict();
export type UpdateCompanyInput = z.infer<typeof updateCompanySchema>;

export const companySchema = z.object({ id: z.string(), name: z.string(), default_currency: z.string().nullable(), time_zone: z.string(), retention_days: z.number().int() });
export type Company = z.infer<typeof companySchema>;

function canonicalZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The currency and zone lists the settings form offers, named in `locale`: made once, on the server, so the browser renders the same. */
export function companyChoices(locale: string): { currencies: { value: string; label: string }[]; zones: string[] } {
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return { currencies: CURRENCY_CODES.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` })), zones: TIME_ZONES };
}
