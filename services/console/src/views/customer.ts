// The customer view: a look-up form, the accounts with personal data masked (personal
// id, e-mail, phone; a Reveal button per field with write access and the e-mail key),
// the open items (対応されていない情報: policy number and title masked) and what was
// mailed, with outcome and times, never the address.
import type { MailStatusRow, OpenItem } from '@workers/ops';
import { MASK, maskText } from '../domain/mask';
import type { AccountSummary, Revealable } from '../store/accounts';
import { html, time, type Html } from './html';

export interface CustomerData {
  accountId: string;
  personalId: string;
  accounts: AccountSummary[];
  openItems: OpenItem[];
  mails: MailStatusRow[];
  canReveal: boolean;
  note: string | null;
}

/** A masked field with its Reveal button when the operator may reveal (the value never is in the page until then). */
function masked(a: AccountSummary, field: Revealable, present: boolean, canReveal: boolean): Html {
  if (!present) return html`<span class="muted">none</span>`;
  return html`<span class="masked" data-account="${a.accountId}" data-field="${field}">${MASK}</span>
    ${canReveal ? html`<button type="button" class="reveal" data-account="${a.accountId}" data-field="${field}">Reveal</button>` : ''}`;
}

function accounts(d: CustomerData): Html {
  return html`<table class="accounts"><thead><tr><th>account</th><th>personalId</th><th>e-mail</th><th>phone</th><th>mail delivery</th><th>external sign-in</th><th>updated</th></tr></thead><tbody>
  ${d.accounts.map(
    (
      a,
    ) => html`<tr data-account-row="${a.accountId}"><td>${a.accountId}</td><td>${masked(a, 'personalId', true, d.canReveal)} <a href="/customer?same-person=${encodeURIComponent(a.accountId)}">all accounts</a></td>
    <td>${masked(a, 'email', a.hasEmail, d.canReveal)}</td><td>${masked(a, 'phone', a.hasPhone, d.canReveal)}</td>
    <td>${a.mailDelivery}</td><td>${a.externalAuth ? 'yes' : 'no'}</td><td>${time(a.updatedAt)}${a.updatedBy ? html` by ${a.updatedBy}` : ''}</td></tr>`,
  )}
  </tbody></table>
  ${
    d.canReveal
      ? html`<p class="muted">Reveal shows one field to you, once; it is logged with your name (account and field, not the value).</p>`
      : html`<p class="muted">Personal data stays masked: revealing needs a console started with CONSOLE_TOKEN and the e-mail key.</p>`
  }`;
}

function openItems(items: OpenItem[]): Html {
  if (items.length === 0) return html`<p class="muted">No open item.</p>`;
  return html`<table class="open-items"><thead><tr><th>contact</th><th>type</th><th>policy</th><th>title</th><th>publish at</th><th>approved</th></tr></thead><tbody>
  ${items.map(
    (
      i,
    ) => html`<tr data-open-item="${i.contactId}"><td><a href="/trace?q=${encodeURIComponent(i.contactId)}">${i.contactId}</a></td><td>${i.actionRequestType ?? ''}</td><td>${i.policyNumber ? MASK : ''}</td>
    <td>${MASK}</td><td>${time(i.publishAt)}${i.published ? '' : ' (not yet shown)'}</td><td>${time(i.approvedAt)}</td></tr>`,
  )}
  </tbody></table>`;
}

function mails(rows: MailStatusRow[]): Html {
  if (rows.length === 0) return html`<p class="muted">Nothing mailed to these accounts.</p>`;
  return html`<table class="mails"><thead><tr><th>contact</th><th>account</th><th>status</th><th>attempts</th><th>sent</th><th>updated</th><th>reason</th></tr></thead><tbody>
  ${rows.map(
    (
      r,
    ) => html`<tr data-mail-status="${r.status}"><td><a href="/trace?q=${encodeURIComponent(r.contactId)}">${r.contactId}</a></td><td>${r.accountId ?? '—'}${r.sharedWith.length ? html` <span class="muted">(also ${r.sharedWith.join(', ')})</span>` : ''}</td><td>${r.status}</td>
    <td class="num">${r.attempts}</td><td>${time(r.sentAt)}</td><td>${time(r.updatedAt)}</td><td>${maskText(r.reason ?? '')}</td></tr>`,
  )}
  </tbody></table>`;
}

export function customerView(d: CustomerData): Html {
  const form = html`<form class="search" action="/customer" method="get">
    <input name="account" value="${d.accountId}" placeholder="accountId"> or <input name="personal" value="${d.personalId}" placeholder="personalId (個人ID)">
    <button type="submit">Show</button></form>`;
  if (!d.accountId && !d.personalId) return form;
  return html`${form}${d.note ? html`<p class="error">${d.note}</p>` : ''}
  <h2>Accounts</h2>${accounts(d)}
  <h2>Open items <span class="muted">(approved action requests not yet answered)</span></h2>${openItems(d.openItems)}
  <h2>Mail status</h2>${mails(d.mails)}`;
}
