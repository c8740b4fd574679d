// The page frame: navigation, who is signed in (with a sign-out button) and the
// content. No inline script or style: the Content-Security-Policy allows only /static.
import { html, type Html } from './html';

export const PAGES = [
  { path: '/overview', title: 'Overview' },
  { path: '/trace', title: 'Trace' },
  { path: '/dlq', title: 'Dead letters' },
  { path: '/customer', title: 'Customer' },
  { path: '/contract', title: 'Contract' },
] as const;

export interface Frame {
  path: string;
  title: string;
  /** The console was started with CONSOLE_TOKEN: pages need signing in, replay and reveal are possible. */
  writable: boolean;
  /** The signed-in operator (null: a Bearer call without a name, or a console without a token). */
  operator: string | null;
  refreshMs: number;
}

export function layout(f: Frame, content: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${f.title} · operator console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/console.css">
<script src="/static/console.js" defer></script>
</head>
<body data-refresh-ms="${f.refreshMs}">
<header>
  <strong class="brand">CRM / ALCS workers</strong>
  <nav>${PAGES.map((p) => html`<a href="${p.path}"${p.path === f.path ? html` aria-current="page"` : ''}>${p.title}</a>`)}</nav>
  ${
    f.writable
      ? html`<form class="token" action="/logout" method="post"><span class="operator">${f.operator ?? 'token'}</span> <button type="submit">Sign out</button></form>`
      : html`<span class="token read-only" title="start the console with CONSOLE_TOKEN to sign in, replay dead letters or reveal personal data">read-only, open on loopback</span>`
  }
</header>
<main>
<h1>${f.title}</h1>
${content}
</main>
</body>
</html>`;
}

/** A block that console.js reloads every refresh interval from `src` (the same page with ?fragment=1). */
export function live(id: string, src: string, content: Html): Html {
  return html`<section id="${id}" data-refresh="${src}">${content}</section>`;
}
