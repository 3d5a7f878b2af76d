"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { AccountStatus } from "@/lib/accounts/schemas";
import { api, ApiError, focusFirstInvalid, formMessage, type FieldErrors } from "./api-client";
import { Button, ButtonLink } from "./button";
import { CheckboxField, Fieldset, FormError, SelectField, TextField } from "./form-fields";
import { TestConnectionButton, TestResultMessage, useConnectionTest } from "./account-buttons";

type Security = "tls" | "starttls" | "none";
type PostAction = "none" | "mark_read" | "flag" | "move";

/** The saved account as the API returns it (accountJson); absent when adding one. */
export type AccountFormInitial = {
  id: string;
  email: string;
  host: string | null;
  port: number | null;
  security: Security;
  username: string | null;
  folders: string[];
  fetch_interval: number;
  auto_fetch: boolean;
  post_action: PostAction;
  post_action_folder: string | null;
  filters: { from?: string[]; subject?: string[]; filename_include?: string[]; filename_exclude?: string[]; max_age_days?: number | null };
  status: AccountStatus;
  has_password: boolean;
};

const SECURITY_OPTIONS = [
  { value: "tls", label: "TLS (SSL), usually port 993" },
  { value: "starttls", label: "STARTTLS, usually port 143" },
  { value: "none", label: "None (unencrypted)" },
];
const POST_ACTIONS = [
  { value: "none", label: "Leave the message as it is" },
  { value: "mark_read", label: "Mark it as read" },
  { value: "flag", label: "Flag it" },
  { value: "move", label: "Move it to a folder" },
];
// Paths the form shows beside a field; an error on any other path goes above the buttons.
const FIELD_PATHS = ["email", "host", "security", "port", "username", "password", "folders", "fetch_interval", "post_action", "post_action_folder", "filters.from", "filters.subject", "filters.filename_include", "filters.filename_exclude", "filters.max_age_days"];
const defaultPort = (s: Security) => (s === "tls" ? 993 : 143);
// The settings that decide where a saved password is sent.
const CONNECTION_KEYS = ["host", "port", "security", "username"] as const;
type Connection = { host: string; port: number; security: Security; username: string };
const list = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function AccountForm({ initial }: { initial?: AccountFormInitial }) {
  // The account as last saved: after the first save a new account is edited from here on, never added twice.
  const tErrors = useTranslations("common.errors");
  const [saved, setSaved] = useState(initial);
  const [security, setSecurity] = useState<Security>(initial?.security ?? "tls");
  const [postAction, setPostAction] = useState<PostAction>(initial?.post_action ?? "none");
  const [email, setEmail] = useState(initial?.email ?? "");
  const [host, setHost] = useState(initial?.host ?? "");
  const [port, setPort] = useState(initial?.port ? String(initial.port) : "");
  const [username, setUsername] = useState(initial?.username && initial.username !== initial.email ? initial.username : "");
  const [password, setPassword] = useState("");
  const [phase, setPhase] = useState<"editing" | "saving" | "saved">("editing");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const test = useConnectionTest(saved?.id ?? "");

  const fieldError = (path: string) => Object.entries(fields).find(([k]) => k === path || k.startsWith(`${path}.`))?.[1];
  const connection = { host: host.trim(), port: Number(port.trim() || defaultPort(security)), security, username: username.trim() || email.trim() };
  const changed = saved ? changedConnection(saved, connection) : [];
  // The server sends a saved password only to the server and login it was saved for.
  const passwordRequired = !saved || !saved.has_password || changed.length > 0;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const f = new FormData(el);
    const maxAge = String(f.get("max_age_days") ?? "").trim();
    const body: Record<string, unknown> = {
      email: email.trim(),
      folders: list(f.get("folders")).length ? list(f.get("folders")) : ["INBOX"],
      fetch_interval: Number(f.get("fetch_interval") || 300),
      auto_fetch: f.get("auto_fetch") === "on",
      post_action: postAction,
      filters: {
        from: list(f.get("filter_from")),
        subject: list(f.get("filter_subject")),
        filename_include: list(f.get("filename_include")),
        filename_exclude: list(f.get("filename_exclude")),
        max_age_days: maxAge ? Number(maxAge) : null,
      },
    };
    // A change sends only the connection settings that differ, so an unchanged server never asks for the password.
    for (const key of saved ? changed : CONNECTION_KEYS) body[key] = connection[key];
    if (password || !saved) body.password = password;
    if (postAction === "move") body.post_action_folder = String(f.get("post_action_folder") ?? "").trim() || null;
    else if (saved) body.post_action_folder = null;
    if (saved) {
      const enabled = f.get("enabled") === "on";
      // Send a status only when it changes: saving must not wipe an auth_error the worker recorded.
      if (!enabled && saved.status !== "disabled") body.status = "disabled";
      if (enabled && saved.status === "disabled") body.status = "ok";
    }

    setPhase("saving");
    setError(null);
    setFields({});
    let account: AccountFormInitial;
    try {
      account = await api<AccountFormInitial>(saved ? `/api/accounts/${saved.id}` : "/api/accounts", { method: saved ? "PATCH" : "POST", body });
    } catch (err) {
      setError(formMessage(err, (p) => FIELD_PATHS.some((f) => p === f || p.startsWith(`${f}.`)), tErrors));
      if (err instanceof ApiError) setFields(err.fields);
      focusFirstInvalid(el);
      setPhase("editing");
      return;
    }
    setSaved(account);
    setPassword("");
    // Reloading now opens the saved account instead of a blank form that would add it again.
    if (!saved) window.history.replaceState(null, "", `/accounts/${account.id}/edit`);
    setPhase("saved");
    if (account.status !== "disabled") await test.run(account.id);
  }

  const filters = initial?.filters ?? {};
  return (
    <form onSubmit={submit} className="space-y-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <Fieldset legend="Mailbox">
        <TextField label="Email address" name="email" type="email" required autoFocus={!initial} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
        <TextField label="IMAP server" name="host" required placeholder="imap.example.com" value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" spellCheck={false} error={fieldError("host")} />
        <SelectField label="Security" name="security" value={security} onChange={(e) => setSecurity(e.target.value as Security)} options={SECURITY_OPTIONS} error={fieldError("security")} />
        <TextField
          label="Port"
          name="port"
          type="number"
          inputMode="numeric"
          min={1}
          max={65535}
          placeholder={String(defaultPort(security))}
          value={port}
          onChange={(e) => setPort(e.target.value)}
          hint={`Leave blank for ${defaultPort(security)}.`}
          error={fieldError("port")}
        />
        <TextField label="Username" name="username" placeholder={email || "same as the email address"} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} hint="Leave blank to use the email address." error={fieldError("username")} />
        <TextField
          label="Password"
          name="password"
          type="password"
          required={passwordRequired}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          placeholder={passwordRequired ? undefined : "•••••••• (unchanged)"}
          hint={passwordHint(saved, changed)}
          error={fieldError("password")}
        />
      </Fieldset>

      <Fieldset legend="Fetching">
        <TextField label="Folders" name="folders" defaultValue={(initial?.folders ?? ["INBOX"]).join(", ")} hint="Comma-separated, e.g. INBOX, Invoices." error={fieldError("folders")} spellCheck={false} />
        <TextField label="Fetch every (seconds)" name="fetch_interval" type="number" min={60} max={86400} step={1} defaultValue={initial?.fetch_interval ?? 300} hint="Between 60 and 86400; 300 is every five minutes." error={fieldError("fetch_interval")} />
        <CheckboxField label="Fetch automatically" name="auto_fetch" defaultChecked={initial?.auto_fetch ?? true} hint="Off: only when you press Fetch now." className="sm:col-span-2" />
        {saved && <CheckboxField label="Account enabled" name="enabled" defaultChecked={saved.status !== "disabled"} hint="A disabled account is kept, but never fetched." className="sm:col-span-2" />}
        <SelectField label="After storing a message" name="post_action" value={postAction} onChange={(e) => setPostAction(e.target.value as PostAction)} options={POST_ACTIONS} error={fieldError("post_action")} />
        {postAction === "move" && (
          <TextField label="Move to folder" name="post_action_folder" required defaultValue={initial?.post_action_folder ?? ""} placeholder="Processed" spellCheck={false} error={fieldError("post_action_folder")} />
        )}
      </Fieldset>

      <Fieldset legend="Filters" description="Only matching mail and files become documents. Leave a field blank to take everything. Patterns are comma-separated; * matches anything.">
        <TextField label="Senders" name="filter_from" defaultValue={filters.from?.join(", ") ?? ""} placeholder="*@supplier.com, billing@*" spellCheck={false} error={fieldError("filters.from")} />
        <TextField label="Subjects" name="filter_subject" defaultValue={filters.subject?.join(", ") ?? ""} placeholder="*invoice*, *receipt*" error={fieldError("filters.subject")} />
        <TextField label="File names to include" name="filename_include" defaultValue={filters.filename_include?.join(", ") ?? ""} placeholder="*.pdf, invoice*" spellCheck={false} error={fieldError("filters.filename_include")} />
        <TextField label="File names to exclude" name="filename_exclude" defaultValue={filters.filename_exclude?.join(", ") ?? ""} placeholder="logo*.png, *.ics" spellCheck={false} error={fieldError("filters.filename_exclude")} />
        <TextField label="Ignore mail older than (days)" name="max_age_days" type="number" min={1} max={36500} defaultValue={filters.max_age_days ?? ""} placeholder="no limit" error={fieldError("filters.max_age_days")} />
      </Fieldset>

      <div className="space-y-3 border-t border-slate-200 pt-6">
        <FormError message={error} />
        <div aria-live="polite" className="space-y-1">
          {phase === "saved" && (
            <p role="status" className="text-sm font-medium text-slate-900">
              Mailbox saved.
            </p>
          )}
          <TestResultMessage test={test} />
          {phase === "saved" && test.result && !test.result.ok && <p className="text-xs text-slate-600">The mailbox is saved either way: change the settings above and save again to test once more.</p>}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={phase === "saving" || test.busy}>
            {phase === "saving" ? "Saving…" : saved ? "Save changes" : "Add mailbox"}
          </Button>
          <ButtonLink href={saved ? `/accounts/${saved.id}` : "/accounts"} variant="secondary">
            {phase === "saved" ? "Open the mailbox" : "Cancel"}
          </ButtonLink>
          {saved && (
            <span className="ms-auto flex items-center gap-2 text-xs text-slate-500">
              Tests the saved settings
              <TestConnectionButton test={test} variant="secondary" />
            </span>
          )}
        </div>
      </div>
    </form>
  );
}

/** The connection settings in the form that differ from the saved ones. */
function changedConnection(saved: AccountFormInitial, now: Connection): (typeof CONNECTION_KEYS)[number][] {
  const before: Connection = { host: saved.host ?? "", port: saved.port ?? defaultPort(saved.security), security: saved.security, username: saved.username ?? saved.email };
  return CONNECTION_KEYS.filter((k) => before[k] !== now[k]);
}

const CONNECTION_NAMES = { host: "server", port: "port", security: "security", username: "username" } as const;

function passwordHint(saved: AccountFormInitial | undefined, changed: (typeof CONNECTION_KEYS)[number][]): string {
  if (!saved) return "Stored encrypted; never shown again. Gmail and Outlook need an app password.";
  if (changed.length === 0) return "Leave blank to keep the saved password. It is stored encrypted and never shown.";
  const names = changed.map((k) => CONNECTION_NAMES[k]);
  const named = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `You changed the ${named}: enter the password again. A saved password is only sent to the server and username it was saved for.`;
}
