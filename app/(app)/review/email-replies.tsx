"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { FormError, TextAreaField } from "@/components/form-fields";
import { DateTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import type { EmailReply, ReviewEmail } from "@/lib/triage/schemas";

/** What was answered (the acknowledgement, sent or not and why; people's replies) and a short reply form. */
export function EmailReplies({ email }: { email: ReviewEmail }) {
  const t = useTranslations("review.replies");
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const send = () =>
    run(async () => {
      await api(`/api/triage/emails/${email.id}/reply`, { method: "POST", body: { text } });
      setText("");
      setOpen(false);
      router.refresh();
    });
  return (
    <div className="mt-2 space-y-2">
      {email.replies.length > 0 && (
        <ul aria-label={t("label")} className="space-y-1 text-xs text-slate-700">
          {email.replies.map((r, i) => (
            <li key={i}>
              <ReplyLine reply={r} /> · <DateTime value={r.created_at} />
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <TextAreaField label={t("text")} id={`reply-${email.id}`} name="text" rows={4} dir="auto" required maxLength={10_000} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="flex gap-2">
            <Button size="sm" type="submit" disabled={busy || !text.trim()}>
              {t("send")}
            </Button>
            <Button size="sm" variant="secondary" type="button" onClick={() => setOpen(false)}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
          {t("reply")}
        </Button>
      )}
      <FormError message={error} />
    </div>
  );
}

function ReplyLine({ reply: r }: { reply: EmailReply }) {
  const t = useTranslations("review.replies");
  const to = <bdi>{r.to ?? "—"}</bdi>;
  if (r.status === "skipped") return <>{t.rich("ackSkipped", { reason: t(`reasons.${r.reason ?? "not_enabled"}` as "reasons.not_enabled") })}</>;
  const delivery = t(`delivery.${r.delivery ?? "pending"}`);
  if (r.kind === "auto_ack") return <>{t.rich("ackSent", { to: () => to, delivery })}</>;
  return <>{t.rich("replySent", { to: () => to, by: r.by ?? "—", delivery })}</>;
}
