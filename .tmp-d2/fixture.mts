import { buildHermesHome } from '../test/fixtures/hermes-home/build-hermes-home.js';
import { mkdtemp } from 'node:fs/promises';
const d = await mkdtemp('/tmp/hmc-d2-fx-');
const f = await buildHermesHome(d);
console.log(f.hermesHome, f.installDir);
