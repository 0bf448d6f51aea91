// Injected by the bundler (scripts/build-bundles.mjs); falls back when running from source under vitest.
declare const __APP_VERSION__: string | undefined;

/** The exporter's own version, written into every snapshot as `exporterVersion`. */
export const EXPORTER_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
