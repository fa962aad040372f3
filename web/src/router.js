// @ts-check
// A small History-API router. Client routes live under /app/ (the server answers / and /app/* with
// index.html). matchRoute is pure and unit-tested; startRouter wires the browser events.

/**
 * @param {{ path: string }[]} routes patterns like "/app/beheer/organisaties/:id"
 * @param {string} pathname
 * @returns {{ route: any, params: Record<string,string> } | null}
 */
export function matchRoute(routes, pathname) {
  const clean = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const parts = clean.split('/');
  for (const route of routes) {
    const pp = route.path.split('/');
    if (pp.length !== parts.length) continue;
    /** @type {Record<string,string>} */
    const params = {};
    let ok = true;
    for (let i = 0; i < pp.length; i++) {
      if (pp[i].startsWith(':')) {
        if (!parts[i]) { ok = false; break; }
        try { params[pp[i].slice(1)] = decodeURIComponent(parts[i]); } catch { ok = false; break; }
      } else if (pp[i] !== parts[i]) { ok = false; break; }
    }
    if (ok) return { route, params };
  }
  return null;
}

/** Only same-origin paths under /app/ are internal; everything else is a normal page load. */
export function isAppPath(href, origin) {
  try {
    const u = new URL(href, origin);
    return u.origin === origin && (u.pathname === '/app' || u.pathname.startsWith('/app/'));
  } catch {
    return false;
  }
}

const listeners = new Set();
let navCount = 0; // navigations that should move focus to the new page's h1

export function currentLocation() {
  return { path: window.location.pathname, search: window.location.search, navCount };
}

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  for (const fn of listeners) fn(currentLocation());
}

/**
 * @param {string} to path (and optional query)
 * @param {{ replace?: boolean, focus?: boolean }} [opts] focus=false for silent redirects
 */
export function navigate(to, opts = {}) {
  const { replace = false, focus = true } = opts;
  const cur = window.location.pathname + window.location.search;
  if (focus) navCount++;
  if (cur !== to) window.history[replace ? 'replaceState' : 'pushState'](null, '', to);
  emit();
}

export function startRouter() {
  window.addEventListener('popstate', () => {
    navCount++;
    emit();
  });
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = /** @type {Element} */ (e.target)?.closest?.('a[href]');
    if (!a || a.hasAttribute('download') || (a.getAttribute('target') || '_self') !== '_self') return;
    const href = a.getAttribute('href') || '';
    if (href.startsWith('#') || !isAppPath(href, window.location.origin)) return;
    e.preventDefault();
    const u = new URL(href, window.location.origin);
    navigate(u.pathname + u.search);
  });
}
