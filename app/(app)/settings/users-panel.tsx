"use client";

import { useRouter } from "next/navigation";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmButton } from "@/components/confirm-dialog";
import { Badge } from "@/components/status-badge";
import { Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { useAction } from "@/components/use-action";
import { AddPersonForm } from "./add-person-form";

export type User = { id: string; email: string; name: string | null; role: "admin" | "member"; disabled: boolean; created_at: Date | string };

/** `canManage`: the caller may change, disable and remove people (lib/auth/permissions.ts). */
export function UsersPanel({ users, currentUserId, canManage, forbidden }: { users: User[]; currentUserId: string; canManage: boolean; forbidden: string }) {
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading" className="text-lg font-semibold text-slate-900">
        People
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">Everyone here sees the same mailboxes and documents. Admins add people, change their roles, and disable or remove them.</p>
      <Card padded={false}>
        <div className="relative overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="People">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Added</Th>
                {canManage && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <Tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.disabled ? "text-slate-400" : undefined}>
                  <Td className="font-medium text-slate-900 text-left" dir="auto">
                    {u.name || <span className="text-slate-400">—</span>}
                    {u.id === currentUserId && <span className="ml-2 text-xs font-normal text-slate-400">(you)</span>}
                  </Td>
                  <Td>{u.email}</Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={u.role === "admin" ? "indigo" : "grey"}>{u.role === "admin" ? "Admin" : "Member"}</Badge>
                    {u.disabled && (
                      <span className="ml-1">
                        <Badge tone="red" title="Cannot sign in; their API tokens were deleted">
                          Disabled
                        </Badge>
                      </span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <DateTime value={u.created_at} />
                  </Td>
                  {canManage && <Td className="text-right whitespace-nowrap">{u.id !== currentUserId && <PersonActions user={u} />}</Td>}
                </tr>
              ))}
            </Tbody>
          </table>
        </div>
        {canManage ? <AddPersonForm /> : <p className="border-t border-slate-200 p-5 text-sm text-slate-500">{forbidden}.</p>}
      </Card>
    </section>
  );
}

function PersonActions({ user }: { user: User }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const who = user.name || user.email;
  const patch = (body: { role?: "admin" | "member"; disabled?: boolean }) =>
    run(async () => {
      await api(`/api/users/${user.id}`, { method: "PATCH", body });
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-1">
        <Button variant="ghost" size="sm" disabled={busy} onClick={() => patch({ role: user.role === "admin" ? "member" : "admin" })}>
          {user.role === "admin" ? "Make member" : "Make admin"}
          <span className="sr-only"> ({who})</span>
        </Button>
        {user.disabled ? (
          <Button variant="ghost" size="sm" disabled={busy} onClick={() => patch({ disabled: false })}>
            Enable<span className="sr-only"> {who}</span>
          </Button>
        ) : (
          <ConfirmButton
            label={
              <>
                Disable<span className="sr-only"> {who}</span>
              </>
            }
            title={`Disable ${who}?`}
            message="They are signed out everywhere at once, cannot sign in, and their API tokens are deleted. You can enable them again later; they will need new tokens."
            confirmLabel="Disable"
            onConfirm={async () => {
              await api(`/api/users/${user.id}`, { method: "PATCH", body: { disabled: true } });
              router.refresh();
            }}
          />
        )}
        <ConfirmButton
          label={
            <>
              Remove<span className="sr-only"> {who}</span>
            </>
          }
          title={`Remove ${who}?`}
          message="They are signed out at once and their API tokens are deleted. Mailboxes and documents stay with the company. This cannot be undone."
          confirmLabel="Remove person"
          onConfirm={async () => {
            await api(`/api/users/${user.id}`, { method: "DELETE" });
            router.refresh();
          }}
        />
      </div>
      {error && (
        <p role="alert" className="max-w-xs text-right text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
