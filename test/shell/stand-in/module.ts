// What `import { app, BrowserWindow, ... } from 'electron'` gets in the runner's
// process: hooks.mjs maps the bare specifier here, and the runner has created the
// stand-in before it imports Roster's main bundle.

import type { StandInElectron } from './electron.js';

const standIn = (globalThis as { __rosterStandInElectron?: StandInElectron }).__rosterStandInElectron;
if (!standIn) throw new Error('the stand-in electron module was imported before the runner created the stand-in');

export const { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, screen, session, shell } = standIn.module;
export default standIn.module;
