"use client";

import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { AlertIcon } from "@/components/icons";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState
      icon={<AlertIcon />}
      title="This page could not be loaded"
      description={
        <>
          Mailroom hit an error reading its data{error.digest ? ` (reference ${error.digest})` : ""}. Check that the database is reachable, then try again.
        </>
      }
      action={<Button onClick={reset}>Try again</Button>}
    />
  );
}
