// The CRM account route (crm.account.requests → crm.account.replies), keyed by accountId.
import { type ConnectOptions, connectCore } from './connect';
import type { UpdateAccountContact, UpsertAccount } from './generated/types';
import type { CallOptions } from './request-reply';
import { RouteClient } from './route-client';

export class AccountClient extends RouteClient<'accounts'> {
  static async connect(o: ConnectOptions): Promise<AccountClient> {
    return new AccountClient(await connectCore('accounts', o));
  }

  upsertAccount(p: UpsertAccount, o?: CallOptions) {
    return this.request('UpsertAccount', p, o);
  }

  updateAccountContact(p: UpdateAccountContact, o?: CallOptions) {
    return this.request('UpdateAccountContact', p, o);
  }
}
