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
    select(id);
    const list = e.currentTarget;
    // Focus follows selection once React has rendered the new tabindex.
    requestAnimationFrame(() =>
      list.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(id)}"]`)?.focus(),
    );
  };
}
