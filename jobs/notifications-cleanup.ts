import { z } from "zod";
import { CRONS } from "./crons";
import { defineJob } from "@/lib/queue";
import { purgeReadNotifications } from "@/lib/retention/notifications";
import { recordCleanup } from "@/lib/retention/record";

export const notificationsCleanup = defineJob({
  name: "notifications.cleanup",
  schema: z.object({}).passthrough().nullable().optional(),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 600 },
  ...CRONS["notifications.cleanup"],
  async handler(_data, ctx) {
    const purged = await purgeReadNotifications(ctx.db);
    await recordCleanup(ctx.db, "notifications.cleanup", null, purged);
    ctx.log.info(purged, "read notifications removed");
    return purged;
  },
});
