import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { SearchIcon } from "@/components/icons";

export default function NotFound() {
  return (
    <EmptyState
      icon={<SearchIcon />}
      title="Not found"
      description="It may have been deleted, or it belongs to another company."
      action={<ButtonLink href="/">Back to the dashboard</ButtonLink>}
    />
  );
}
