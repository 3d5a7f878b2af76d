import type { JobDefinition } from "@/lib/queue";
import { accountFetch } from "./account-fetch";
import { accountsFetchDue } from "./accounts-fetch-due";
import { documentProcess } from "./document-process";
import { documentsSweep } from "./documents-sweep";
import { documentsCategorizeOrphans } from "./documents-categorize-orphans";
import { emailSend } from "./email-send";
import { reportDailySummary } from "./report-daily-summary";
import { attachmentsCleanup } from "./attachments-cleanup";
import { notificationsCleanup } from "./notifications-cleanup";
import { emailTriage } from "./email-triage";

/** Every job the worker runs; crons included. */
export const JOBS: JobDefinition[] = [accountsFetchDue, accountFetch, documentProcess, documentsSweep, documentsCategorizeOrphans, emailSend, reportDailySummary, attachmentsCleanup, notificationsCleanup, emailTriage] as JobDefinition[];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}
