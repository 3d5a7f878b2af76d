import { forbiddenMessage, type Permission } from "@/lib/auth/permissions";

/** What a member sees on a page, or in place of a form, that only an admin may use. */
export function AdminOnly({ permission }: { permission: Permission }) {
  return (
    <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900">
      {forbiddenMessage(permission)}. Ask an admin of your company if something needs changing.
    </p>
  );
}
