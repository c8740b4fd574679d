// The ALCS card route (alcs.card.requests → alcs.card.replies), keyed by cardNumber.
import { type ConnectOptions, connectCore } from './connect';
import type { ActivateCard, ChangePhoneNumber, LockCard, RegisterCard } from './generated/types';
import type { CallOptions } from './request-reply';
import { RouteClient } from './route-client';

export class CardClient extends RouteClient<'cards'> {
  static async connect(o: ConnectOptions): Promise<CardClient> {
    return new CardClient(await connectCore('cards', o));
  }

  registerCard(p: RegisterCard, o?: CallOptions) {
    return this.request('RegisterCard', p, o);
  }

  activateCard(p: ActivateCard, o?: CallOptions) {
    return this.request('ActivateCard', p, o);
  }

  changePhoneNumber(p: ChangePhoneNumber, o?: CallOptions) {
    return this.request('ChangePhoneNumber', p, o);
  }

  lockCard(p: LockCard, o?: CallOptions) {
    return this.request('LockCard', p, o);
  }
}
