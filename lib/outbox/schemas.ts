import { z } from "../zod";

export const emailSendPayload = z.object({ email_id: z.uuid(), company_id: z.uuid() });

/** Referenced by lib/ to enqueue; jobs/email-send.ts adds options and the handler. */
export const emailSendJob = { name: "email.send", schema: emailSendPayload } as const;
