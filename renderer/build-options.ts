/**
 * The renderer's production build settings, one place for every build of it: electron-vite's renderer
 * entry (what `npm run build` ships and `hermes-mc web` serves), the e2e tests' build and the renderer
 * bench's. Minified (electron-vite leaves the renderer unminified by default: 1.8 MB), hashed file names
 * under assets/ (served immutable by main/web/static-assets.ts), the chart panes in their own chunk
 * (charts/lazy-chart-panes.tsx).
 */
export const RENDERER_BUILD = {
  minify: true,
  cssMinify: true,
  assetsDir: 'assets',
  reportCompressedSize: false,
  // Electron 39 ships Chromium 142; Debian's Chromium is newer. Nothing older loads the renderer.
  target: 'chrome120',
  modulePreload: { polyfill: false },
} as const;
