import { z } from "zod";

export const email = z.string().trim().toLowerCase().email("must be an email address").max(320);
export const password = z.string().min(8, "must be at least 8 characters").max(200);

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
  role: z.enum(["admin", "member"]).default("member"),
});

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100).default("API token") });

export type SetupInput = z.infer<typeof setupSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
