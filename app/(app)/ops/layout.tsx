import type { ReactNode } from "react";
import { OpsTabs } from "./ops-tabs";

export default function OpsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <OpsTabs />
      {children}
    </>
  );
}
