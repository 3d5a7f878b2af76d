import { CRONS } from "./crons";
import { defineJob } from "@/lib/queue";
import { sweepPayload } from "@/lib/documents/schemas";
import { requeueStuckDocuments } from "@/lib/documents/service";

export const documentsSweep = defineJob({
  name: "documents.sweep",
  schema: sweepPayload,
  options: { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  ...CRONS["documents.sweep"],
  async handler(_data, ctx) {
    return { requeued: await requeueStuckDocuments(ctx.db, ctx.boss) };
  },
});
