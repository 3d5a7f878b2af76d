import type { Locale } from "./locales";
import type { Messages } from "./messages";

// Typed keys: a message the code asks for that English lacks is a type error.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
