// Every message file, by language and namespace. English is the reference: its shape is the
// type of every language's messages, and tests/unit/messages.test.ts holds Hebrew to it.
import type { Locale } from "./locales";
import enCommon from "./messages/en/common.json";
import heCommon from "./messages/he/common.json";
import enValidation from "./messages/en/validation.json";
import heValidation from "./messages/he/validation.json";
import enErrors from "./messages/en/errors.json";
import heErrors from "./messages/he/errors.json";
import enShell from "./messages/en/shell.json";
import heShell from "./messages/he/shell.json";
import enDashboard from "./messages/en/dashboard.json";
import heDashboard from "./messages/he/dashboard.json";
import enAccounts from "./messages/en/accounts.json";
import heAccounts from "./messages/he/accounts.json";
import enReview from "./messages/en/review.json";
import heReview from "./messages/he/review.json";
import enAuth from "./messages/en/auth.json";
import heAuth from "./messages/he/auth.json";
import enDocuments from "./messages/en/documents.json";
import heDocuments from "./messages/he/documents.json";
import enSettings from "./messages/en/settings.json";
import heSettings from "./messages/he/settings.json";
import enCategories from "./messages/en/categories.json";
import heCategories from "./messages/he/categories.json";
import enPreview from "./messages/en/preview.json";
import hePreview from "./messages/he/preview.json";
import enNotifications from "./messages/en/notifications.json";
import heNotifications from "./messages/he/notifications.json";
import enSummary from "./messages/en/summary.json";
import heSummary from "./messages/he/summary.json";
import enSchedules from "./messages/en/schedules.json";
import heSchedules from "./messages/he/schedules.json";
import enTriage from "./messages/en/triage.json";
import heTriage from "./messages/he/triage.json";
import enOps from "./messages/en/ops.json";
import heOps from "./messages/he/ops.json";

const en = {
  common: enCommon,
  validation: enValidation,
  errors: enErrors,
  shell: enShell,
  dashboard: enDashboard,
  accounts: enAccounts,
  review: enReview,
  auth: enAuth,
  documents: enDocuments,
  settings: enSettings,
  categories: enCategories,
  preview: enPreview,
  notifications: enNotifications,
  summary: enSummary,
  schedules: enSchedules,
  triage: enTriage,
  ops: enOps,
};

export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = {
  en,
  he: {
    common: heCommon,
    validation: heValidation,
    errors: heErrors,
    shell: heShell,
    dashboard: heDashboard,
    accounts: heAccounts,
    review: heReview,
    auth: heAuth,
    documents: heDocuments,
    settings: heSettings,
    categories: heCategories,
    preview: hePreview,
    notifications: heNotifications,
    summary: heSummary,
    schedules: heSchedules,
    triage: heTriage,
    ops: heOps,
  },
};
