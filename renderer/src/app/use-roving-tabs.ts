import type { KeyboardEvent } from 'react';

/**
 * Keyboard handling for a tablist (WAI-ARIA pattern, automatic activation): arrows move and select,
 * Home/End jump. Returns the keydown handler for the tablist element.
 */
export function rovingKeyHandler<T extends string>(
  ids: readonly T[],
  current: T,
  select: (id: T) => void,
  orientation: 'horizontal' | 'vertical',
) {
  return (e: KeyboardEvent<HTMLElement>) => {
    const idx = Math.max(0, ids.indexOf(current));
    const prev = orientation === 'horizontal' ? 'ArrowLeft' : 'ArrowUp';
    const next = orientation === 'horizontal' ? 'ArrowRight' : 'ArrowDown';
    let target: number | null = null;
    if (e.key === next) target = (idx + 1) % ids.length;
    else if (e.key === prev) target = (idx - 1 + ids.length) % ids.length;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = ids.length - 1;
    if (target === null) return;
    e.preventDefault();
    const id = ids[target]!;
    // Focus moves in the same event as the selection. It used to wait for the next animation frame (for
    // React's new tabindex), so for a frame the new tab was selected while focus stayed on the old one:
    // anything reading focus right after the key (a screen reader, the e2e test, 1 run in 3) saw the old
    // tab. The tab buttons exist already and are focusable by script whatever their tabindex.
    e.currentTarget.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(id)}"]`)?.focus();
    select(id);
  };
}
