"use client";

// Moving rows of an ordered list up and down, by mouse or keyboard: the list changes at once, the
// server is told, and the move is undone if it refuses. Focus stays on the button that moved the
// row; screen readers hear the new place.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { useAction } from "@/components/use-action";

export type Direction = "up" | "down";

/** What the buttons and the announcement say, in the caller's words. */
export type ReorderLabels = {
  moved: (position: number, count: number) => string;
  move: (dir: Direction, position: number) => string;
  title: (dir: Direction) => string;
};

/** `save` gets the row moved, its new index and the whole new order. */
export function useReorder<T extends { id: string }>(items: T[], labels: ReorderLabels, save: (moved: T, to: number, next: T[]) => Promise<void>) {
  const router = useRouter();
  const { error, run } = useAction();
  const [order, setOrder] = useState(items);
  const [announcement, setAnnouncement] = useState("");
  const focusAfterMove = useRef<{ id: string; dir: Direction } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());

  useEffect(() => setOrder(items), [items]);

  // After a move the row re-renders in its new place: keep focus on the button that moved it (or its twin at an end).
  useEffect(() => {
    const want = focusAfterMove.current;
    if (!want) return;
    focusAfterMove.current = null;
    const same = buttons.current.get(`${want.id}:${want.dir}`);
    const other = buttons.current.get(`${want.id}:${want.dir === "up" ? "down" : "up"}`);
    (same && !same.disabled ? same : other)?.focus();
  }, [order]);

  async function move(index: number, dir: Direction) {
    const to = dir === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[index], next[to]] = [next[to], next[index]];
    const previous = order;
    focusAfterMove.current = { id: order[index].id, dir };
    setOrder(next);
    setAnnouncement(labels.moved(to + 1, next.length));
    const moved = await run(async () => {
      await save(order[index], to, next);
      router.refresh();
    });
    if (!moved) {
      setOrder(previous);
      setAnnouncement("");
    }
  }

  /** The up and down buttons of the row at `index`. */
  const moveButtons = (index: number) => {
    const id = order[index].id;
    const position = index + 1;
    const button = (dir: Direction, disabled: boolean) => (
      <Button variant="ghost" size="sm" onClick={() => move(index, dir)} disabled={disabled} ref={(el) => void buttons.current.set(`${id}:${dir}`, el)} aria-label={labels.move(dir, position)} title={labels.title(dir)} className="text-base">
        {dir === "up" ? "↑" : "↓"}
      </Button>
    );
    return (
      <>
        {button("up", position === 1)}
        {button("down", position === order.length)}
      </>
    );
  };

  return { order, error, announcement, moveButtons };
}
