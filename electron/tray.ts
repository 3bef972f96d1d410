/**
 * Endpoint controls outside the page: a tray icon and an "Endpoint" application menu with the same items
 * (many Linux desktops show no tray, so the menu is the one that always exists).
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { EndpointStatus } from './endpoint-controller.js';
import { TRAY_ICON_DATA_URL } from './tray-icon.js';

export interface EndpointMenuActions {
  copyScimUrl(scimUrl: string): void;
  startEndpoint(): void;
  stopEndpoint(): void;
  showWindow(): void;
  quit(): void;
}

export function describeStatus(status: EndpointStatus): string {
  switch (status.state) {
    case 'running':
      return `Endpoint running: ${status.scimUrl}`;
    case 'starting':
      return 'Endpoint starting…';
    case 'stopping':
      return 'Endpoint stopping…';
    case 'stopped':
      return 'Endpoint stopped';
    case 'failed':
      return `Endpoint failed to start: ${status.reason}`;
  }
}

/** The items both the tray and the "Endpoint" menu show, for one status. */
export function endpointMenuItems(status: EndpointStatus, actions: EndpointMenuActions): MenuItemConstructorOptions[] {
  const canStart = status.state === 'stopped' || status.state === 'failed';
  return [
    { id: 'status', label: describeStatus(status), enabled: false },
    {
      id: 'copy-scim-url',
      label: 'Copy SCIM URL',
      enabled: status.state === 'running',
      click: () => {
        if (status.state === 'running') actions.copyScimUrl(status.scimUrl);
      },
    },
    { type: 'separator' },
    { id: 'start', label: 'Start endpoint', enabled: canStart, click: () => actions.startEndpoint() },
    { id: 'stop', label: 'Stop endpoint', enabled: status.state === 'running', click: () => actions.stopEndpoint() },
    { type: 'separator' },
    { id: 'show-window', label: 'Show SCIM Desk', click: () => actions.showWindow() },
    { id: 'quit', label: 'Quit SCIM Desk', click: () => actions.quit() },
  ];
}

function applicationMenuTemplate(endpointItems: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return [
    process.platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' }, // copy/paste shortcuts in the page need it on macOS
    { label: 'Endpoint', submenu: endpointItems },
    { role: 'windowMenu' },
  ];
}

export interface EndpointMenus {
  /** Rebuilds both menus for a new status. */
  update(status: EndpointStatus): void;
  destroy(): void;
}

export function createEndpointMenus(status: EndpointStatus, actions: EndpointMenuActions): EndpointMenus {
  let tray: Tray | null = null;
  try {
    tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
    tray.on('click', () => actions.showWindow());
  } catch {
    tray = null; // no system tray on this desktop: the application menu still has every item
  }

  const update = (next: EndpointStatus): void => {
    const items = endpointMenuItems(next, actions);
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(items)));
    if (tray) {
      tray.setToolTip(`SCIM Desk: ${describeStatus(next)}`);
      tray.setContextMenu(Menu.buildFromTemplate(items));
    }
  };
  update(status);

  return {
    update,
    destroy: () => tray?.destroy(),
  };
}
