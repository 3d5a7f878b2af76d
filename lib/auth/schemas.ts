import { z } from "zod";
import { LOCALES } from "../i18n/locales";
import { PASSWORD_MAX, PASSWORD_MIN } from "./limits";

export const email = z.string().trim().toLowerCase().email("must be an email address").max(320);
// Long passphrases are welcome (argon2 reads every byte); the cap only bounds the work of one hash.
export const password = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);
export const role = z.enum(["admin", "member"]);

export const setupSchema = z.object({
  company: z.string().trim().min(1, "is required").max(200),
  name: z.string().trim().max(200).optional(),
  email,
  password,
});

export const createUserSchema = z.object({
  email,
  password,
  name: z.string().trim().max(200).optional(),
  role: role.default("member"),
});

export const updateUserSchema = z.object({ role: role.optional(), disabled: z.boolean().optional() });

export const changePasswordSchema = z.object({ current_password: z.string().min(1, "is required").max(PASSWORD_MAX), new_password: password });

/** A person's own preferences; a null language follows the browser. */
export const updateMeSchema = z.object({ locale: z.enum(LOCALES).nullable() }).strict();

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100).default("API token") });

export type SetupInput = z.infer<typeof setupSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
export type UpdateMeInput = z.infer<typeof updateMeSchema>;
