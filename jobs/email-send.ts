import { defineJob } from "@/lib/queue";
import { emailSendJob } from "@/lib/outbox/schemas";
import { deliverEmail } from "@/lib/outbox/outbox";

/** Sends one recorded email (sent_emails); retried with back-off, then shown as failed. */
export const emailSend = defineJob({
  ...emailSendJob,
  // heartbeatSeconds: a worker killed mid-send is noticed in seconds, and the email sent by another.
  options: { retryLimit: 4, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, heartbeatSeconds: 10 },
  async handler(data, ctx) {
    return deliverEmail({ db: ctx.db, keyring: ctx.keyring, log: ctx.log }, { emailId: data.email_id, companyId: data.company_id }, { final: ctx.attempt.final });
  },
});
