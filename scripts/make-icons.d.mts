/** Writes every tray icon and the app icon into `dir` (default resources/icons); returns the file names. */
export function makeIcons(dir?: string): string[];
/** RGBA8 pixels → PNG bytes. */
export function encodePng(width: number, height: number, rgba: Uint8ClampedArray): Buffer;
