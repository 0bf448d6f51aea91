// Sandboxed preload: the one contextBridge.exposeInMainWorld call. Everything else is in window-api.ts
// (tested in plain node); this file only hands it the real ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { createWindowApi } from './window-api.js';

contextBridge.exposeInMainWorld('api', createWindowApi(ipcRenderer));
