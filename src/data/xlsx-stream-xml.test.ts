import { describe, expect, it } from 'vitest';
import { isEmptyTag, isEndTag, tagAttrs, tagName, xmlText, XmlScanner } from './xlsx-stream-xml';
import { ImportError } from './frame';

/** Runs a document through the tokenizer in chunks of `size` bytes; records tags and the text of <t> elements. */
function scan(xml: string, size: number): string[] {
  const out: string[] = [];
  const scanner: XmlScanner = new XmlScanner({
    tag(buf, s, e) {
      const name = tagName(buf, s, e);
      const kind = isEndTag(buf, s) ? '/' : isEmptyTag(buf, e) ? '!' : '';
      if (name === 't' && kind === '/') out.push(`text:${scanner.text.string()}`);
      out.push(kind + name + JSON.stringify(Object.fromEntries(tagAttrs(buf, s, e))));
      if (name === 't' && kind === '') scanner.text.clear();
      scanner.capture = name === 't' && kind === '';
    },
  });
  const bytes = new TextEncoder().encode(xml);
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  scanner.end();
  return out;
}

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <tags> and > signs -->
<x:root xmlns:x="urn:x" a='1' b="x > y">
  <t>Fish &amp; chips &lt;3 &quot;q&quot; &apos;a&apos; &#233;t&#xE9; _x000D_ line\r\nbreak</t>
  <t><![CDATA[raw <b> & more]]></t>
  <e v="&lt;&amp;&gt;"/>
  <t>ünïcødé €</t>
</x:root>`;

describe('XmlScanner', () => {
  it('gives the same tags and texts whatever the chunk size', () => {
    const whole = scan(DOC, 1 << 20);
    expect(whole).toEqual([
      'root{"xmlns:x":"urn:x","a":"1","b":"x > y"}',
      't{}',
      'text:Fish & chips <3 "q" \'a\' été \r line\nbreak',
      '/t{}',
      't{}',
      'text:raw <b> & more',
      '/t{}',
      '!e{"v":"<&>"}',
      't{}',
      'text:ünïcødé €',
      '/t{}',
      '/root{}',
    ]);
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(scan(DOC, size), `chunks of ${size}`).toEqual(whole);
  });
  it('calls a document that ends inside a tag damaged', () => {
    const scanner = new XmlScanner({ tag() {} });
    scanner.push(new TextEncoder().encode('<a><b attr="x'));
    expect(() => scanner.end()).toThrow(ImportError);
  });
});

describe('xmlText', () => {
  const text = (s: string) => {
    const b = new TextEncoder().encode(s);
    return xmlText(b, 0, b.length);
  };
  it('decodes entities, character references and Excel escapes; leaves unknown ones', () => {
    expect(text('a &amp;amp; b')).toBe('a &amp; b');
    expect(text('&#128512;&#x1F600;')).toBe('😀😀');
    expect(text('_x0041__x005F_x0042_')).toBe('A_x0042_');
    expect(text('&nbsp; &bogus;')).toBe('&nbsp; &bogus;');
    expect(text('a\r\nb\rc')).toBe('a\nb\rc');
  });
});
