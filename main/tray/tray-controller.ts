/**
 * Applies a TrayModel to a Tray-like object, touching only what changed (rebuilding a menu while it is
 * open closes it on some desktops, and icon churn flickers). Menu clicks go to injected actions.
 * No electron import: main/index.ts passes the real Tray and `Menu.buildFromTemplate`.
 */
import type { SnoozeDuration } from '../../preload/ipc-contract.js';
import type { TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-model.js';

/** Structurally a subset of Electron's MenuItemConstructorOptions. */
export interface MenuTemplateItem {
  id?: string;
  label?: string;
  enabled?: boolean;
  type?: 'normal' | 'separator' | 'submenu';
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

/** What the menu can ask the app to do. Each may be async; failures go to `onError`. */
export interface TrayActions {
  openWindow(): unknown;
  focusInstance(instanceId: string): unknown;
  refresh(): unknown;
  copyText(text: string): unknown;
  openDashboard(instanceId: string): unknown;
  muteNotifications(duration: SnoozeDuration | 'off'): unknown;
  /** Starts (minutes) or ends (null) an instance's maintenance. */
  setMaintenance?(instanceId: string, minutes: number | null): unknown;
  quit(): unknown;
}

export interface TrayControllerDeps<Image, Menu> {
  tray: { setImage(image: Image): void; setToolTip(text: string): void; setContextMenu(menu: Menu): void };
  loadIcon(icon: TrayIcon): Image;
  buildMenu(template: MenuTemplateItem[]): Menu;
  actions: TrayActions;
  /** An action failed (e.g. the dashboard tunnel was refused); the app shows it, the tray stays up. */
  onError?(error: unknown, action: TrayAction): void;
}

export type TrayChange = 'icon' | 'tooltip' | 'menu';

/** Keeps the last applied model and applies the difference. */
export class TrayController<Image = unknown, Menu = unknown> {
  private icon: TrayIcon | null = null;
  private tooltip: string | null = null;
  private menuKey: string | null = null;

  constructor(private readonly deps: TrayControllerDeps<Image, Menu>) {}

  /** Applies `model`; returns which parts were actually pushed to the tray. */
  update(model: TrayModel): TrayChange[] {
    const changed: TrayChange[] = [];
    if (model.icon !== this.icon) {
      this.deps.tray.setImage(this.deps.loadIcon(model.icon));
      this.icon = model.icon;
      changed.push('icon');
    }
    if (model.tooltip !== this.tooltip) {
      this.deps.tray.setToolTip(model.tooltip);
      this.tooltip = model.tooltip;
      changed.push('tooltip');
    }
    // Actions are data (copy text included), so the JSON of the model is an exact change key.
    const menuKey = JSON.stringify(model.menu);
    if (menuKey !== this.menuKey) {
      this.deps.tray.setContextMenu(this.deps.buildMenu(model.menu.map((item) => this.toTemplate(item))));
      this.menuKey = menuKey;
      changed.push('menu');
    }
    return changed;
  }

  /** The tooltip last applied (null before the first update). */
  get currentTooltip(): string | null {
    return this.tooltip;
  }

  /** Reloads the icon (the OS theme changed, so the light/dark file differs). */
  reloadIcon(): void {
    if (this.icon !== null) this.deps.tray.setImage(this.deps.loadIcon(this.icon));
  }

  private toTemplate(item: TrayMenuItem): MenuTemplateItem {
    if (item.type === 'separator') return { id: item.id, type: 'separator' };
    const out: MenuTemplateItem = { id: item.id, label: item.label, enabled: item.enabled };
    if (item.submenu) out.submenu = item.submenu.map((child) => this.toTemplate(child));
    const action = item.action;
    if (action) out.click = () => this.run(action);
    return out;
  }

  private run(action: TrayAction): void {
    const { actions, onError } = this.deps;
    let result: unknown;
    try {
      result = dispatch(actions, action);
    } catch (error) {
      onError?.(error, action);
      return;
    }
    if (result instanceof Promise) result.catch((error: unknown) => onError?.(error, action));
  }
}

function dispatch(actions: TrayActions, action: TrayAction): unknown {
  switch (action.kind) {
    case 'open-window':
      return actions.openWindow();
    case 'focus-instance':
      return actions.focusInstance(action.instanceId);
    case 'refresh':
      return actions.refresh();
    case 'copy-text':
      return actions.copyText(action.text);
    case 'open-dashboard':
      return actions.openDashboard(action.instanceId);
    case 'mute-notifications':
      return actions.muteNotifications(action.duration);
    case 'set-maintenance':
      return actions.setMaintenance?.(action.instanceId, action.minutes);
    case 'quit':
      return actions.quit();
  }
}
