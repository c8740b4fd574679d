import { escapeHtml, mailLink, renderMail } from '../../src/messages/mail';

const LINK = 'https://mypage.example.jp/upload?id=1&x=<2>';

describe('renderMail', () => {
  it('Japanese notice: subject, the link in text and (escaped) in HTML', () => {
    const m = renderMail('NOTICE', LINK, 'ja_JP');
    expect(m.subject).toBe('【マイページ】新しいお知らせがあります');
    expect(m.text).toContain('お知らせ');
    expect(m.text).toContain(LINK);
    expect(m.html).toContain('href="https://mypage.example.jp/upload?id=1&amp;x=&lt;2&gt;"');
    expect(m.html).not.toContain('<2>');
    expect(m.html).toContain('lang="ja"');
  });

  it('Japanese action request says 対応依頼', () => {
    const m = renderMail('ACTION_REQUEST', LINK, 'ja_JP');
    expect(m.subject).toContain('ご対応');
    expect(m.text).toContain('対応依頼');
  });

  it('English texts on request', () => {
    const m = renderMail('NOTICE', LINK, 'en_US');
    expect(m.subject).toBe('[My Page] You have a new notice');
    expect(m.html).toContain('lang="en"');
  });

  it('is the same for every contact of a kind: no title, body or policy number can reach it', () => {
    expect(renderMail('NOTICE', LINK, 'ja_JP')).toEqual(renderMail('NOTICE', LINK, 'ja_JP'));
    expect(Object.keys(renderMail('NOTICE', LINK, 'ja_JP')).sort()).toEqual(['html', 'subject', 'text']);
  });
});

describe('mailLink', () => {
  it('uses the contact link, else My Page', () => {
    expect(mailLink('https://x.example/a', 'https://mypage.example.jp/')).toBe('https://x.example/a');
    expect(mailLink(null, 'https://mypage.example.jp/')).toBe('https://mypage.example.jp/');
    expect(mailLink('  ', 'https://mypage.example.jp/')).toBe('https://mypage.example.jp/');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
