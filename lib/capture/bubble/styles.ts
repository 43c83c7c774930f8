/**
 * The bubble's own styles, inside its closed shadow root. `:host { all: initial !important }` wins over any page rule
 * aimed at the host (in the cascade an !important rule of the shadow tree beats the page's, inline or not), and page
 * rules do not reach inside. Colours follow the page's scheme through the `dark` class the controller sets.
 */
export const BUBBLE_CSS = `
:host {
  all: initial !important;
  position: absolute !important;
  top: 0 !important;
  left: 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  display: block !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  z-index: 2147483647 !important;
  pointer-events: none !important;
}
.root {
  --bg: #ffffff; --fg: #1d1b26; --muted: #5f5b6e; --line: #dcd8e6; --hover: #f1eef8; --accent: #5d3fd3;
  --accent-fg: #ffffff; --danger: #b3261e; --shadow: 0 8px 28px rgba(20, 12, 50, 0.18), 0 1px 3px rgba(20, 12, 50, 0.12);
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--fg);
  color-scheme: light;
  text-align: left;
  direction: ltr;
}
.root.dark {
  --bg: #201d2b; --fg: #ece9f5; --muted: #aaa4bd; --line: #3b3650; --hover: #2d2940; --accent: #a08bff;
  --accent-fg: #17131f; --danger: #ff8a80; --shadow: 0 8px 28px rgba(0, 0, 0, 0.55), 0 1px 3px rgba(0, 0, 0, 0.4);
  color-scheme: dark;
}
* { box-sizing: border-box; }
.layer { position: absolute; pointer-events: auto; }
button, input { font: inherit; color: inherit; }
button:focus-visible, input:focus-visible, .item:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.poe {
  width: 30px; height: 30px; border-radius: 50%; border: 1px solid var(--line); background: var(--bg);
  box-shadow: var(--shadow); cursor: pointer; display: grid; place-items: center; padding: 0;
}
.poe:hover { background: var(--hover); }
.poe svg { width: 18px; height: 18px; display: block; }
.menu {
  width: 250px; max-width: calc(100vw - 16px); background: var(--bg); border: 1px solid var(--line);
  border-radius: 10px; box-shadow: var(--shadow); padding: 4px; max-height: 360px; overflow: auto;
}
.heading { padding: 6px 10px 2px; font-size: 11px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.item {
  display: flex; width: 100%; align-items: center; justify-content: space-between; gap: 8px; text-align: left;
  border: 0; background: none; padding: 6px 10px; border-radius: 6px; cursor: pointer; min-height: 30px;
}
.item:hover, .item:focus { background: var(--hover); outline: none; }
.item .more { color: var(--muted); }
.away {
  display: block; width: 100%; border: 0; background: none; cursor: pointer; text-align: left; padding: 4px 10px 6px;
  font-size: 12px; color: var(--muted); border-radius: 6px;
}
.away:hover { background: var(--hover); color: var(--fg); }
.sep { height: 1px; background: var(--line); margin: 4px 6px; }
.ask { display: flex; gap: 4px; padding: 4px; }
.ask input {
  flex: 1; min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; background: var(--bg);
}
.ask input::placeholder { color: var(--muted); }
.card {
  width: 400px; max-width: calc(100vw - 16px); min-width: 240px; min-height: 140px; height: 300px;
  background: var(--bg); border: 1px solid var(--line); border-radius: 12px; box-shadow: var(--shadow);
  display: flex; flex-direction: column; resize: both; overflow: hidden;
}
.head {
  display: flex; align-items: center; gap: 8px; padding: 8px 8px 8px 12px; border-bottom: 1px solid var(--line);
  cursor: move; user-select: none; touch-action: none;
}
.head .title { flex: 1; min-width: 0; font-weight: 600; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.head .bot { color: var(--muted); font-weight: 400; }
.icon { border: 0; background: none; cursor: pointer; width: 26px; height: 26px; border-radius: 6px; color: var(--muted); font-size: 16px; line-height: 1; }
.icon:hover { background: var(--hover); color: var(--fg); }
.body { flex: 1; overflow: auto; padding: 10px 12px; overflow-wrap: anywhere; }
.body:empty::before { content: attr(data-waiting); color: var(--muted); }
.note { padding: 6px 12px; font-size: 13px; color: var(--muted); border-top: 1px solid var(--line); }
.note.error { color: var(--danger); }
.note[hidden] { display: none; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px; border-top: 1px solid var(--line); }
.action {
  border: 1px solid var(--line); background: var(--bg); border-radius: 6px; padding: 4px 10px; cursor: pointer; font-size: 13px;
}
.action:hover { background: var(--hover); }
.action.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
.action[hidden] { display: none; }
.body a { color: var(--accent); }
.body pre, .body code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.body pre { background: var(--hover); padding: 8px; border-radius: 6px; overflow: auto; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
