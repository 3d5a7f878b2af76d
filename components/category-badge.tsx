/** A category's colour dot. */
export function Swatch({ color, className = "size-4" }: { color: string; className?: string }) {
  return <span aria-hidden className={`inline-block shrink-0 rounded-full ring-1 ring-black/10 ring-inset ${className}`} style={{ backgroundColor: color }} />;
}

/** A category as a pill: its dot and its name (which may be Hebrew). */
export function CategoryBadge({ category, className = "" }: { category: { name: string; color: string }; className?: string }) {
  return (
    <span className={`inline-flex max-w-full items-center gap-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800 ${className}`}>
      <Swatch color={category.color} className="size-2.5" />
      <span className="truncate" dir="auto">
        {category.name}
      </span>
    </span>
  );
}
