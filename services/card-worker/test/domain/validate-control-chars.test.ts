// The card texts stored and shown on the console refuse control characters and line
// breaks, with a ValidationFailed detail naming the field (issue 30 point 6).
import { validateRegister } from '../../src/operations/register-card';
import type { RegisterCard } from '../../src/domain/types';
import { registerReq } from './fixtures';

const fields = (d: { field: string }[]) => d.map((x) => x.field);

test.each(['\r', '\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028'].map((c) => [JSON.stringify(c), c]))(
  'a control character %s is refused in identity and wallet texts, each named',
  (_shown, c) => {
    const r = registerReq();
    const w = r.loyaltyCard.wallets[0]!;
    const req: RegisterCard = {
      ...r,
      identity: { ...r.identity, posId: `pos${c}1`, posOperatorId: `op${c}`, siteId: `SITE${c}1` },
      loyaltyCard: { ...r.loyaltyCard, wallets: [{ ...w, id: `W${c}1`, version: `v${c}2` }] },
    };
    expect(fields(validateRegister(req)).sort()).toEqual([
      'identity.posId',
      'identity.posOperatorId',
      'identity.siteId',
      'loyaltyCard.wallets[0].id',
      'loyaltyCard.wallets[0].version',
    ]);
  },
);

test('ordinary texts still pass', () => expect(validateRegister(registerReq())).toEqual([]));
