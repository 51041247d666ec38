/* Site behaviour, kept in this file because our security policy allows no inline script or on* attribute.
 * Loaded synchronously in <head> (site_overrides/partials/javascripts/base.html), so it
 * 1. defines the globals Material's bundle expects from the inline bootstrap it normally ships
 *    (__md_scope, __md_hash, __md_get, __md_set: the same definitions, scoped to the site root);
 * 2. restores 长者模式 (large text) before the first paint, so the page does not jump;
 * 3. wires the 长者模式 and 打印本页 buttons, which stay hidden when scripts do not run.
 */
(() => {
  "use strict";
  const root = new URL("..", document.currentScript.src);
  window.__md_scope = root;
  window.__md_hash = (value) => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
  window.__md_get = (key, storage = localStorage, scope = root) => JSON.parse(storage.getItem(scope.pathname + "." + key));
  window.__md_set = (key, value, storage = localStorage, scope = root) => {
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (error) { /* storage full or blocked */ }
  };

  const LARGE = "gk-large";
  const STORED = "gongkai.largeText";
  const storedLarge = () => {
    try { return localStorage.getItem(STORED) === "1"; } catch (error) { return false; }
  };
  document.documentElement.classList.toggle(LARGE, storedLarge());

  const setLarge = (on, buttons) => {
    document.documentElement.classList.toggle(LARGE, on);
    buttons.forEach((button) => button.setAttribute("aria-pressed", String(on)));
    try { on ? localStorage.setItem(STORED, "1") : localStorage.removeItem(STORED); } catch (error) { /* private mode */ }
  };

  document.addEventListener("DOMContentLoaded", () => {
    const switches = [...document.querySelectorAll("[data-gk-large-text]")];
    switches.forEach((button) => {
      button.hidden = false;
      button.setAttribute("aria-pressed", String(storedLarge()));
      button.addEventListener("click", () => setLarge(!document.documentElement.classList.contains(LARGE), switches));
    });
    document.querySelectorAll("[data-gk-print]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    });
  });
})();
