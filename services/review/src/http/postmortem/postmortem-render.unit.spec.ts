import { escapeHtml } from './postmortem-html';
import { markdownText } from './postmortem-markdown';
import { durationText } from './postmortem-figures';

describe('postmortem renderings (pure)', () => {
  it('escapes every HTML-significant character of people’s text, and neutralises raw HTML in Markdown', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co');
    expect(escapeHtml(null)).toBe('');
    expect(markdownText('**bold** <script>x</script> & `code`')).toBe('**bold** &lt;script&gt;x&lt;/script&gt; &amp; `code`');
  });

  it('writes durations as people read them', () => {
    expect([durationText(null), durationText(42), durationText(300), durationText(3905)]).toEqual(['—', '42s', '5m 00s', '1h 05m 05s']);
  });
});
