/**
 * Reads full-width ASCII forms (`１５０２`, `｜`, `！`, `＃`, the ideographic space) as their ASCII
 * counterparts. Use on the *syntax* of a command; text a resident typed is stored as typed.
 */
export function toAsciiForms(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Length in Unicode code points, which is how the product counts characters. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
