// Build the node bundles (exporter, hermes-mc) once before any test, so tests always exercise the
// files we ship rather than a stale build.
import { buildBundles } from '../scripts/build-bundles.mjs';

export default async function setup(): Promise<void> {
  await buildBundles({ quiet: true });
}
