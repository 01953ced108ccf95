// The site's search (SPEC §14), on Pagefind's Component UI and the index under /pagefind/.
//
// Every page's header holds a plain form that opens /search/?q=…, so search works before
// (and without) this script. Pagefind's UI is ~180 KB, so it is not loaded with the page:
// the first time a reader focuses the box or presses "/" outside a text field, this script
// loads it and swaps the plain input for a <pagefind-searchbox> (results as you type, ↑/↓,
// Enter), carrying over what was typed and the focus. Enter with no result picked still
// submits the form to the search page.
//
// A large site's index comes in parts (src/search.rs); the UI searches them all as one.
//
// On /search/ the UI loads at once and the query in the address (?q=) runs; the query and
// every other parameter are only ever handed to Pagefind as text, never put into the page.
// There the header's box stays a plain form, which style.css hides: a second field would
// drive the same results. "/" focuses the page's own.
(() => {
  'use strict';

  const form = document.querySelector('form.site-search');
  if (!form) return;
  const fallback = form.querySelector('input[name="q"]');
  const page = document.querySelector('[data-search-page]');
  let loading = null;
  const BUNDLE = '/pagefind/';

  /// The index's parts after the first, as Pagefind's `mergeIndex` takes them. A large site's
  /// index is written in parts (src/search.rs), listed in benchsite-parts.json; Pagefind
  /// searches them all as one. The list is revalidated on every load (a deploy changes it), and
  /// a listed part that is not there (a stale list, an upload still under way) is left out:
  /// Pagefind would fail the whole search on it. Without a readable list, /pagefind/ is
  /// searched alone.
  function otherParts() {
    const exists = (part) =>
      fetch(`${BUNDLE}${part}pagefind-entry.json`, { cache: 'no-cache' })
        .then((response) => response.ok && response.json().then(() => true))
        .catch(() => false);
    return fetch(`${BUNDLE}benchsite-parts.json`, { cache: 'no-cache' })
      .then((response) => (response.ok ? response.json() : {}))
      .then(({ merge }) => (Array.isArray(merge) ? merge : []))
      .then((parts) => parts.filter((p) => typeof p === 'string' && /^part-\d+\/$/.test(p)))
      .then((parts) => Promise.all(parts.map(async (p) => ((await exists(p)) ? [p] : []))))
      .then((found) => found.flat().map((p) => ({ bundlePath: `${BUNDLE}${p}` })))
      .catch(() => []);
  }

  /// Loads the Component UI's stylesheet and script once, and configures it with every part of
  /// the index; resolves when its elements exist.
  function loadUi() {
    loading ??= Promise.all([
      new Promise((resolve, reject) => {
        const css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = form.dataset.uiCss;
        document.head.append(css);
        const script = document.createElement('script');
        script.src = form.dataset.uiJs;
        script.onload = resolve;
        script.onerror = () => reject(new Error('the search UI could not be loaded'));
        document.head.append(script);
      }),
      otherParts(),
    ]).then(([, mergeIndex]) => {
      window.PagefindComponents.configureInstance('default', { bundlePath: BUNDLE, mergeIndex });
      return customElements.whenDefined('pagefind-searchbox');
    });
    return loading;
  }

  /// Replaces the plain input with Pagefind's search box, keeping the text and the focus. The
  /// box is built out of sight beside the plain input, which keeps the focus and takes what
  /// is typed until the box's own input exists; the swap is then one synchronous step, so no
  /// keystroke falls between the two fields.
  async function upgrade() {
    document.removeEventListener('keydown', onSlash);
    fallback.removeEventListener('focus', upgrade);
    // Should the box not come, the plain form stays, and "/" still focuses it.
    const keepPlain = () => document.addEventListener('keydown', onSlash);
    try {
      await loadUi();
    } catch {
      keepPlain(); // The plain form still opens the search page.
      return;
    }
    const box = document.createElement('pagefind-searchbox');
    box.append(resultTemplate());
    box.setAttribute('placeholder', fallback.placeholder);
    box.setAttribute('shortcut', '/');
    box.setAttribute('max-results', '8');
    box.style.display = 'none';
    fallback.after(box);
    await new Promise(requestAnimationFrame);
    const input = box.querySelector('input');
    if (!input) {
      box.remove();
      keepPlain();
      return;
    }
    const hadFocus = document.activeElement === fallback;
    const typed = fallback.value;
    fallback.remove();
    box.style.removeProperty('display');
    input.name = 'q';
    input.id = fallback.id;
    input.setAttribute('aria-keyshortcuts', '/');
    if (hadFocus) box.focus();
    if (typed) {
      input.value = typed;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  /// The search box's result: Pagefind's own template less its aria-labelledby/-describedby,
  /// so that a result's accessible name is all of its visible text, title and excerpt (axe:
  /// label-content-name-mismatch). The template syntax is Pagefind's; the values it fills in
  /// are escaped by Pagefind, the excerpt's <mark>s aside.
  function resultTemplate() {
    const template = document.createElement('script');
    template.type = 'text/pagefind-template';
    template.textContent =
      '<a class="pf-searchbox-result" id="{{ aria.result_id }}" href="{{ meta.url | default(url) | safeUrl }}" role="option" aria-selected="false">' +
      '<p class="pf-searchbox-result-title">{{ meta.title | default("Untitled") }}</p>' +
      '{{#if excerpt}}<p class="pf-searchbox-result-excerpt">{{+ excerpt +}}</p>{{/if}}</a>';
    return template;
  }

  /// Pagefind 1.6's filter dropdowns give their trigger (role="combobox") no accessible name
  /// (axe: button-name); each is named by its visible label, as they are (re)drawn.
  function nameFilterTriggers(root) {
    const name = () => {
      for (const trigger of root.querySelectorAll('.pf-dropdown-trigger:not([aria-labelledby])')) {
        const label = trigger.querySelector('.pf-dropdown-trigger-label');
        if (!label) continue;
        label.id ||= `${trigger.id}-label`;
        trigger.setAttribute('aria-labelledby', label.id);
      }
    };
    new MutationObserver(name).observe(root, { childList: true, subtree: true });
    name();
  }

  /// "/" outside a text field focuses the box (and so loads the UI); on the search page the
  /// page's own field.
  function onSlash(event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) {
      return;
    }
    event.preventDefault();
    (page?.querySelector('pagefind-input input') ?? fallback).focus();
  }

  /// Shows the search page's ways onward (#search-none) while a search finds nothing, where
  /// Pagefind only says "No results for …".
  function helpWhenNothing(instance) {
    const none = document.getElementById('search-none');
    if (!none) return;
    let term = '';
    instance.on('search', (searched) => {
      term = typeof searched === 'string' ? searched.trim() : '';
    });
    instance.on('results', (found) => {
      const wasHidden = none.hidden;
      none.hidden = !term || (found?.results?.length ?? 0) > 0;
      // Pagefind's own live regions, so the two messages queue rather than compete.
      if (wasHidden && !none.hidden && none.dataset.announce) {
        instance.announceRaw?.(none.dataset.announce, 'polite');
      }
    });
  }

  /// The search page: load the UI now and run the query from the address.
  async function searchPage(root) {
    nameFilterTriggers(root);
    await loadUi();
    const instance = window.PagefindComponents.getInstanceManager().getInstance('default');
    helpWhenNothing(instance);
    const query = new URLSearchParams(window.location.search).get('q');
    if (query && query.trim()) {
      instance.triggerSearch(query);
    }
  }

  if (!page) fallback.addEventListener('focus', upgrade);
  document.addEventListener('keydown', onSlash);
  if (page) searchPage(page).catch(() => {});
})();
