// The CRM contact route (crm.contact.requests → crm.contact.replies), keyed by contactId
// (a create without one by its requestId). Approval is an update carrying approvedBy.
import { type ConnectOptions, connectCore } from './connect';
import type { CreateContact, DeleteContact, UpdateContact } from './generated/types';
import type { CallOptions } from './request-reply';
import { RouteClient } from './route-client';

export class ContactClient extends RouteClient<'contacts'> {
  static async connect(o: ConnectOptions): Promise<ContactClient> {
    return new ContactClient(await connectCore('contacts', o));
  }

  createContact(p: CreateContact, o?: CallOptions) {
    return this.request('CreateContact', p, o);
  }

  updateContact(p: UpdateContact, o?: CallOptions) {
    return this.request('UpdateContact', p, o);
  }

  deleteContact(p: DeleteContact, o?: CallOptions) {
    return this.request('DeleteContact', p, o);
  }
}
