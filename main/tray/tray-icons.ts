/**
 * Which icon file stands for a tray state on this OS. Pure; the files are made by scripts/make-icons.mjs.
 *
 * macOS gets template images (`…Template.png`, monochrome + alpha) so the menu bar tints them for light and
 * dark mode itself; the states differ by shape, not colour. Elsewhere a coloured icon with an outline
 * chosen for the taskbar's theme.
 */
import { join } from 'node:path';
import type { TrayIcon } from './tray-model.js';

export interface TrayIconContext {
  platform: NodeJS.Platform;
  /** True when the taskbar / panel is dark (nativeTheme.shouldUseDarkColors). */
  darkTheme: boolean;
  /** Folder holding the generated icons (resources/icons). */
  iconsDir: string;
}

/** File name for a state; the `@2x` sibling is picked up by Electron automatically. */
export function trayIconFileName(icon: TrayIcon, platform: NodeJS.Platform, darkTheme: boolean): string {
  if (platform === 'darwin') return `tray-${icon}Template.png`;
  return `tray-${icon}-${darkTheme ? 'dark' : 'light'}.png`;
}

export function trayIconPath(icon: TrayIcon, ctx: TrayIconContext): string {
  return join(ctx.iconsDir, trayIconFileName(icon, ctx.platform, ctx.darkTheme));
}
