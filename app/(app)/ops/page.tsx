import { redirect } from "next/navigation";

export default function OpsPage() {
  redirect("/ops/queues");
}
