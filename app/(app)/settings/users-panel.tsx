"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { Badge } from "@/components/status-badge";
import { Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { useFormAction } from "@/components/use-action";

const USER_FIELDS = ["email", "name", "password", "role"] as const;

type User = { id: string; email: string; name: string | null; role: "admin" | "member"; created_at: Date | string };

export function UsersPanel({ users, currentUserId, isAdmin }: { users: User[]; currentUserId: string; isAdmin: boolean }) {
  const router = useRouter();
  const { busy, error, fields, submit } = useFormAction(USER_FIELDS);
  const [added, setAdded] = useState<string | null>(null);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setAdded(null);
    await submit(form, async () => {
      const user = await api<User>("/api/users", {
        method: "POST",
        body: { email: f.get("email"), name: String(f.get("name") ?? "").trim() || undefined, password: f.get("password"), role: f.get("role") },
      });
      setAdded(user.email);
      form.reset();
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading" className="text-lg font-semibold text-slate-900">
        People
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">Everyone here sees the same mailboxes and documents. Admins can add people.</p>
      <Card padded={false}>
        <div className="relative overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="People">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Added</Th>
              </tr>
            </thead>
            <Tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <Td className="font-medium text-slate-900 text-left" dir="auto">
                    {u.name || <span className="text-slate-400">—</span>}
                    {u.id === currentUserId && <span className="ml-2 text-xs font-normal text-slate-400">(you)</span>}
                  </Td>
                  <Td>{u.email}</Td>
                  <Td>
                    <Badge tone={u.role === "admin" ? "indigo" : "grey"}>{u.role === "admin" ? "Admin" : "Member"}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <DateTime value={u.created_at} />
                  </Td>
                </tr>
              ))}
            </Tbody>
          </table>
        </div>
        {isAdmin ? (
          <form onSubmit={add} className="border-t border-slate-200 p-5">
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Add a person</h3>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <TextField label="Email" name="email" id="user-email" type="email" required autoComplete="off" error={fields.email} />
              <TextField label="Name" name="name" id="user-name" autoComplete="off" error={fields.name} />
              <TextField label="Password" name="password" id="user-password" type="password" required minLength={8} autoComplete="new-password" hint="At least 8 characters; share it privately." error={fields.password} />
              <SelectField
                label="Role"
                name="role"
                id="user-role"
                defaultValue="member"
                options={[
                  { value: "member", label: "Member" },
                  { value: "admin", label: "Admin (can add people)" },
                ]}
                error={fields.role}
              />
            </div>
            <div className="mt-4 flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={busy}>
                {busy ? "Adding…" : "Add person"}
              </Button>
              {added && (
                <p role="status" className="text-sm text-emerald-700">
                  {added} can now sign in.
                </p>
              )}
            </div>
            {error && (
              <div className="mt-3">
                <FormError message={error} />
              </div>
            )}
          </form>
        ) : (
          <p className="border-t border-slate-200 p-5 text-sm text-slate-500">Only an admin can add people.</p>
        )}
      </Card>
    </section>
  );
}
