// The sign-in page: the operator's name (logged with each reveal and replay) and the
// console's token. Nothing else is shown before signing in.
import { html, type Html } from './html';

export function loginView(o: { next: string; operator: string; error: string | null }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · operator console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/console.css">
</head>
<body>
<header><strong class="brand">CRM / ALCS workers</strong></header>
<main>
<h1>Sign in</h1>
${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
<form class="login" action="/login" method="post">
  <input type="hidden" name="next" value="${o.next}">
  <p><label>your name <input name="operator" value="${o.operator}" autocomplete="username" required maxlength="64"></label></p>
  <p><label>console token <input name="token" type="password" autocomplete="current-password" required></label></p>
  <p><button type="submit">Sign in</button></p>
</form>
<p class="muted">Your name is logged with every reveal and replay you make. The token is CONSOLE_TOKEN (<code>npm start</code> prints one for a local run).</p>
</main>
</body>
</html>`;
}
