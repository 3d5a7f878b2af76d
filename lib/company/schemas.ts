// The company's own settings, as the API takes and answers them; the settings page validates with these too.
import { z } from "../zod";

/** ISO 4217 codes, as the runtime knows them (Node and browsers list the same). */
export const CURRENCY_CODES = Intl.supportedValuesOf("currency") as [string, ...string[]];

/** PATCH /api/company. A null currency (or the form's empty choice) means none: documents say theirs or have none. */
export const updateCompanySchema = z
  .object({
    default_currency: z
      .union([z.enum(CURRENCY_CODES), z.literal("")])
      .nullable()
      .transform((c) => c || null),
  })
  .partial()
  .strict();
export type UpdateCompanyInput = z.infer<typeof updateCompanySchema>;

export const companySchema = z.object({ id: z.string(), name: z.string(), default_currency: z.string().nullable() });
export type Company = z.infer<typeof companySchema>;
