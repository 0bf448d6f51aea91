// Sandboxed preload: one contextBridge.exposeInMainWorld call. (Filled in by the desktop-shell work.)
export {};
