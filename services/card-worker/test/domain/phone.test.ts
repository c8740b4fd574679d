import { samePhone, toE164 } from '../../src/domain/phone';

describe('toE164', () => {
  it.each([
    '600 100 200',
    '+48600100200',
    '0048 600-100-200',
    '+48 600 100 200',
    '(+48) 600.100.200',
    '600100200',
    ' 600-100-200 ',
  ])('%j is +48600100200', (raw) => expect(toE164(raw)).toBe('+48600100200'));

  it('reads the source example, a Kraków landline', () => expect(toE164('+48123456789')).toBe('+48123456789'));

  it('keeps foreign numbers given with their country code', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('+1 202 555 0143')).toBe('+12025550143');
  });

  it('reads national numbers in another default country', () =>
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958'));

  it.each([
    '',
    '   ',
    'abc',
    '123',
    'call 600100200',
    '600100200x',
    '600100200 ext. 12',
    '+48 600 100 2000',
    '+48111111111',
    '0 600 100 200',
    '++48600100200',
    '+48 600 100 200 600 100 200 600 100 200',
  ])('rejects %j', (raw) => expect(toE164(raw)).toBeUndefined());

  it('compares numbers by their E.164 form', () => {
    expect(samePhone('600 100 200', '0048 600-100-200')).toBe(true);
    expect(samePhone('600 100 200', '600 100 201')).toBe(false);
    expect(samePhone('abc', 'abc')).toBe(false);
  });
});

describe('remembered answers', () => {
  it('answers the same the second time, for valid and invalid numbers and per default country', () => {
    for (let round = 0; round < 2; round++) {
      expect(toE164('600 100 200')).toBe('+48600100200');
      expect(toE164('123')).toBeUndefined();
      expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
      expect(toE164('020 7946 0958')).toBeUndefined();
    }
  });

  it('stays right after more distinct numbers than it remembers', () => {
    for (let i = 0; i < 5_000; i++)
      expect(toE164(`+48 600 ${String(i).padStart(6, '0')}`)).toBe(`+48600${String(i).padStart(6, '0')}`);
    expect(toE164('600 100 200')).toBe('+48600100200');
  });
});
