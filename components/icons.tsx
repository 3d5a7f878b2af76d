// Outline icons drawn inline, so nothing depends on an emoji font being installed.
type Props = { className?: string };

function Icon({ d, className = "size-6" }: Props & { d: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden>
      <path d={d} />
    </svg>
  );
}

export const InboxIcon = (p: Props) => <Icon {...p} d="M3 13h5l1.5 3h5L16 13h5M5.5 5h13L21 13v5a1 1 0 01-1 1H4a1 1 0 01-1-1v-5z" />;
export const SearchIcon = (p: Props) => <Icon {...p} d="M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4" />;
export const AlertIcon = (p: Props) => <Icon {...p} d="M12 9v4M12 17h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z" />;
export const DocumentIcon = (p: Props) => <Icon {...p} d="M7 3h7l5 5v12a1 1 0 01-1 1H7a1 1 0 01-1-1V4a1 1 0 011-1zM14 3v5h5M9 13h6M9 17h6" />;
export const CheckIcon = (p: Props) => <Icon {...p} d="M5 12l5 5L20 7" />;
/** Points to the start of the line (left in English): flip it in RTL with `rtl:-scale-x-100`. */
export const ChevronStartIcon = (p: Props) => <Icon {...p} d="M15 5l-7 7 7 7" />;
export const ChevronEndIcon = (p: Props) => <Icon {...p} d="M9 5l7 7-7 7" />;
export const ZoomInIcon = (p: Props) => <Icon {...p} d="M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4M8 11h6M11 8v6" />;
export const ZoomOutIcon = (p: Props) => <Icon {...p} d="M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4M8 11h6" />;
export const FitWidthIcon = (p: Props) => <Icon {...p} d="M4 5v14M20 5v14M8 12h8M10 9l-3 3 3 3M14 9l3 3-3 3" />;
