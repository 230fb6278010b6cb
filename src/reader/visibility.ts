/**
 * Which of the reader's blocks are on screen, and which are within one screen below it, from two
 * IntersectionObservers: the reader rewrites what is read, and a little ahead so the next paragraph is ready.
 */

/** Observe `elements` (by block id); `onChange(visible, near)` gets the current sets after every change. */
export function watchVisibility(
  elements: ReadonlyMap<string, Element>,
  onChange: (visible: ReadonlySet<string>, near: ReadonlySet<string>) => void,
  lifetime: AbortSignal,
): void {
  const visible = new Set<string>();
  const near = new Set<string>();
  const idOf = new Map([...elements].map(([id, element]) => [element, id]));
  let scheduled = false;
  // Both observers report the same scroll in separate callbacks: tell the reader once per batch.
  const report = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (!lifetime.aborted) onChange(new Set(visible), new Set(near));
    }, 0);
  };
  const track = (set: Set<string>) => (entries: IntersectionObserverEntry[]) => {
    for (const entry of entries) {
      const id = idOf.get(entry.target);
      if (id === undefined) continue;
      if (entry.isIntersecting) set.add(id);
      else set.delete(id);
    }
    report();
  };
  const onScreen = new IntersectionObserver(track(visible));
  const ahead = new IntersectionObserver(track(near), { rootMargin: "0px 0px 100% 0px" });
  for (const element of elements.values()) {
    onScreen.observe(element);
    ahead.observe(element);
  }
  lifetime.addEventListener(
    "abort",
    () => {
      onScreen.disconnect();
      ahead.disconnect();
    },
    { once: true },
  );
}
