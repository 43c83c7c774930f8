/**
 * Opening the side panel (Chrome) or sidebar (Firefox). Both browsers allow it only inside a user gesture, so callers
 * must call {@link openSidePanel} synchronously in their click/menu/command handler, with no `await` before it.
 */
interface SidebarActionApi {
  open(): Promise<void>;
}

function firefoxSidebar(): SidebarActionApi | undefined {
  return (globalThis as { browser?: { sidebarAction?: SidebarActionApi } }).browser?.sidebarAction;
}

function chromeSidePanel(): typeof chrome.sidePanel | undefined {
  return (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;
}

export function canOpenSidePanel(): boolean {
  return Boolean(firefoxSidebar() ?? chromeSidePanel()?.open);
}

/** Opens the panel in `windowId` (Chrome needs a window or tab; Firefox uses the current window). */
export function openSidePanel(target: { windowId?: number; tabId?: number }): Promise<void> {
  const sidebar = firefoxSidebar();
  if (sidebar) return sidebar.open();
  const panel = chromeSidePanel();
  if (!panel?.open) return Promise.reject(new Error('This browser has no side panel.'));
  if (target.tabId !== undefined) return panel.open({ tabId: target.tabId });
  if (target.windowId !== undefined) return panel.open({ windowId: target.windowId });
  return Promise.reject(new Error('No window to open the side panel in.'));
}
