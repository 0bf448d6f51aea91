// Electron entry: bootstraps only. (Filled in by the desktop-shell work.)
export {};
