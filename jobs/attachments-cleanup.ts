import { z } from "zod";
import { CRONS } from "./crons";
import { defineJob } from "@/lib/queue";
import { purgeExpiredFiles } from "@/lib/retention/files";
import { recordCleanup } from "@/lib/retention/record";

export const attachmentsCleanup = defineJob({
  name: "attachments.cleanup",
  schema: z.object({ company_id: z.uuid() }),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 },
  ...CRONS["attachments.cleanup"],
  async handler(data, ctx) {
    const purged = await purgeExpiredFiles(ctx.db, ctx.storage, data.company_id);
    await recordCleanup(ctx.db, "attachments.cleanup", data.company_id, { documents: purged.documents, raw_messages: purged.raw_messages });
    ctx.log.info({ ...purged }, "expired files removed");
    return purged;
  },
});
