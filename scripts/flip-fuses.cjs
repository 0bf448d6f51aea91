// electron-builder afterPack hook: flips Electron's fuses in the packaged binary (before signing), so the
// shipped app cannot be turned into a plain Node runtime or debugged through env vars/CLI flags, and only
// loads its own integrity-checked app.asar.
// GrantFileProtocolExtraPrivileges stays on: the renderer is loaded from file:// and Chromium needs it to
// load the bundle's module scripts there.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook that electron-builder require()s */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, by option name (exported for the packaging test). */
const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

function fuseConfig(platform, arch) {
  const config = {
    version: FuseVersion.V1,
    // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; re-sign ad hoc after flipping.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  return config;
}

/** The Electron executable inside the packed output, per platform. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

// electron-builder passes the Arch enum (number); map the common ones for the darwin check.
const ARCH = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

async function afterPack(context) {
  const arch = typeof context.arch === 'number' ? ARCH[context.arch] : context.arch;
  await flipFuses(electronBinaryPath(context), fuseConfig(context.electronPlatformName, arch));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinaryPath = electronBinaryPath;
