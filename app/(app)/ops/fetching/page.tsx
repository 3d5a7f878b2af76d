import { getDb } from "@/lib/db/client";
import { getFetching } from "@/lib/ops/flags";
import { requireCaller } from "../../caller";
import { titled } from "../../page-helpers";
import { OpsPage } from "../admin-gate";
import { FetchingSwitches } from "./fetching-switches";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("ops.fetching");

export default async function FetchingPage() {
  const caller = await requireCaller("/ops/fetching");
  return <OpsPage caller={caller} section="fetching">{async () => <FetchingSwitches initial={await getFetching(getDb(), caller.companyId)} />}</OpsPage>;
}
