"use client";

import { useTranslations } from "next-intl";
import { Card } from "@/components/card";
import { Badge } from "@/components/status-badge";
import { Table, Tbody, Td } from "@/components/table";
import { DateTime } from "@/components/time";
import type { User } from "@/lib/auth/schemas";
import { AddPersonForm } from "./add-person-form";
import { PersonActions } from "./person-actions";
import { SettingsSection, TableHead } from "./section";

/** `canManage`: the caller may change, disable and remove people (lib/auth/permissions.ts). */
export function UsersPanel({ users, currentUserId, canManage }: { users: User[]; currentUserId: string; canManage: boolean }) {
  const t = useTranslations("settings.people");
  return (
    <SettingsSection id="people" title={t("title")} description={t("description")}>
      <Table label={t("title")}>
        <TableHead columns={[t("name"), t("email"), t("role"), t("added")]} actions={canManage ? t("actions") : undefined} />
        <Tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.disabled ? "text-slate-400" : undefined}>
              <Td className="font-medium text-slate-900">
                {u.name ? <bdi>{u.name}</bdi> : <span className="text-slate-400">—</span>}
                {u.id === currentUserId && <span className="ms-2 text-xs font-normal text-slate-400">{t("you")}</span>}
              </Td>
              <Td>
                <bdi>{u.email}</bdi>
              </Td>
              <Td className="whitespace-nowrap">
                <span className="inline-flex gap-1">
                  <Badge tone={u.role === "admin" ? "indigo" : "grey"}>{t(`roles.${u.role}`)}</Badge>
                  {u.disabled && (
                    <Badge tone="red" title={t("disabledHint")}>
                      {t("disabled")}
                    </Badge>
                  )}
                </span>
              </Td>
              <Td className="whitespace-nowrap">
                <DateTime value={u.created_at} />
              </Td>
              {canManage && <Td className="text-end whitespace-nowrap">{u.id !== currentUserId && <PersonActions user={u} />}</Td>}
            </tr>
          ))}
        </Tbody>
      </Table>
      <Card className="mt-4">{canManage ? <AddPersonForm /> : <p className="text-sm text-slate-500">{t("adminOnly")}</p>}</Card>
    </SettingsSection>
  );
}
