import { z } from "../zod";
import { LOCALES } from "../i18n/locales";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";
import { timeZoneSchema } from "../company/schemas";

export const email = z.string().trim().toLowerCase().email("must be an email address").max(320);
// Long passphrases are welcome (argon2 reads every byte); the cap only bounds the work of one hash.
export const password = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);
export const role = z.enum(["admin", "member"]);

export const setupSchema = z.object({
  company: z.string().trim().min(1, "is required").max(200),
  name: z.string().trim().max(200).optional(),
  email,
  password,
  // The setup page proposes the browser's zone; without one the company starts on UTC.
  time_zone: timeZoneSchema.optional(),
});

export const createUserSchema = z.object({
  email,
  password,
  // An empty name is no name: the list shows the email instead.
  name: z
    .string()
    .trim()
    .max(200)
    .transform((n) => n || undefined)
    .optional(),
  role: role.default("member"),
});

export const updateUserSchema = z.object({ role: role.optional(), disabled: z.boolean().optional() });

export const changePasswordSchema = z.object({ current_password: z.string().min(1, "is required").max(PASSWORD_MAX), new_password: password });
/** The settings form asks for the new password twice; the route takes the pair above. */
export const changePasswordFormSchema = changePasswordSchema
  .extend({ repeat_password: z.string() })
  .refine((p) => p.repeat_password === p.new_password, { path: ["repeat_password"], message: "does not match the new password", params: { i18n: "auth.passwords_differ" } });

/** A person's own preferences; a null language (or the form's empty choice) follows the browser. */
export const updateMeSchema = z
  .object({
    locale: z
      .union([z.enum(LOCALES), z.literal("")])
      .nullable()
      .transform((l) => l || null),
  })
  .strict();

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100).default("API token") });

const timestamp = z.union([z.date(), z.string()]);

// What the API answers.
export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role,
  locale: z.enum(LOCALES).nullable(),
  disabled: z.boolean(),
  created_at: timestamp,
});
export const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  user_id: z.uuid(),
  user_email: z.string(),
  last_used_at: timestamp.nullable(),
  created_at: timestamp,
});
/** A new token: the secret itself, this once. */
export const createdTokenSchema = tokenSchema.pick({ id: true, name: true, prefix: true, created_at: true }).extend({ token: z.string() });

export type SetupInput = z.infer<typeof setupSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
export type UpdateMeInput = z.infer<typeof updateMeSchema>;
export type User = z.infer<typeof userSchema>;
export type ApiToken = z.infer<typeof tokenSchema>;
export type CreatedApiToken = z.infer<typeof createdTokenSchema>;
