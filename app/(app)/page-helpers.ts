import { notFound } from "next/navigation";
import type { NamespaceKeys, NestedKeyOf } from "next-intl";
import { getTranslations } from "next-intl/server";
import { AppError } from "@/lib/errors";
import type { Messages } from "@/lib/i18n/messages";

type Namespace = NamespaceKeys<Messages, NestedKeyOf<Messages>>;

/** A page's `generateMetadata`: its `title` message in the reader's language (the root layout adds "· Mailroom"). */
export function titled(namespace: Namespace, key = "title") {
  return async () => {
    const t = await getTranslations(namespace);
    return { title: t(key as never) as string };
  };
}

/** What `read` finds, or the 404 page when it belongs to no one the caller can see. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
}
