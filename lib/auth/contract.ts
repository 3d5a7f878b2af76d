import { z } from "../zod";

/**
 * The sign-in form's credentials, as next-auth's credentials provider checks them. No upper bounds:
 * an overlong password is refused by `authenticate` after the same work as a wrong one, and counted.
 */
export const loginSchema = z.object({
  email: z.string().min(1, "is required"),
  password: z.string().min(1, "is required"),
});

export type LoginInput = z.infer<typeof loginSchema>;
