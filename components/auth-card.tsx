import type { ReactNode } from "react";
import { LanguageSwitch } from "./language-switch";
import { Logo } from "./logo";

/** The centered card around the setup and sign-in forms, with the language choice for a browser nobody has signed in on. */
export function AuthCard({ title, description, children, footer }: { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="relative flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="absolute end-4 top-4">
        <LanguageSwitch signedIn={false} />
      </div>
      <Logo className="mb-8 text-lg" />
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
        <div className="mt-6">{children}</div>
      </div>
      {footer && <div className="mt-6 text-center text-sm text-slate-500">{footer}</div>}
    </main>
  );
}
