// widget.js: the entry point a site embeds with
//   <script src="https://parley.example/widget.js?channel=chn_123" async></script>
// optionally after `window.ParleyWidget = {consent, colors, greeting, title}` (site overrides). Finds its own
// script tag (the server's origin and the channel come from its src) and starts the widget once (app.ts).
import { start } from './app';

const LOADED = Symbol.for('parley.widget');

function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) {
    return current;
  }
  const scripts = doc.querySelectorAll<HTMLScriptElement>('script[src*="/widget.js"]');
  return scripts.length > 0 ? scripts[scripts.length - 1] : null;
}

function boot(win: Window): void {
  const flags = win as unknown as Record<symbol, boolean>;
  const script = findScript(win.document);
  if (!script || flags[LOADED]) {
    return;
  }
  flags[LOADED] = true;
  if (win.document.body) {
    start(win, script.src);
  } else {
    win.document.addEventListener('DOMContentLoaded', () => start(win, script.src));
  }
}

boot(window);
