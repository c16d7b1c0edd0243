import { ImportLimits, limitErrors } from './limits';

export interface XmlHandler {
  /** `name` without its namespace prefix; `tag` the raw text between `<` and `>` (for attributes). */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** A piece of character data as written (entities not decoded) and how many characters it stands for. */
  text(raw: string, chars: number): void;
}

const enum Mode {
  Text,
  Tag,
  Comment,
  Cdata,
  Pi,
}

/**
 * A small streaming XML tokenizer for the xlsx parts, with hard bounds: a tag longer than `tagChars` and a run of
 * character data longer than `cellChars` characters are refused as they stream, so neither this scanner nor the
 * XML parser that reads the file after it ever accumulates an unbounded string.
 */
export class XmlScanner {
  private mode = Mode.Text;
  private tag = '';
  private run = 0;
  private entity = -1;
  private dashes = 0;
  private pending = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: Pick<ImportLimits, 'tagChars' | 'cellChars'>,
  ) {}

  write(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      switch (this.mode) {
        case Mode.Text:
          if (ch === 60 /* < */) {
            this.flushText(chunk, start, i);
            this.run = 0;
            this.mode = Mode.Tag;
            this.tag = '';
            start = i + 1;
          } else if (this.entity >= 0) {
            if (ch === 59 /* ; */ || ++this.entity > 12) this.entity = -1;
          } else {
            if (ch === 38 /* & */) this.entity = 0;
            // surrogate pairs count as one character
            if ((ch & 0xfc00) !== 0xdc00 && ++this.run > this.limits.cellChars) {
              throw limitErrors.cellTooLong(this.limits.cellChars);
            }
          }
          break;
        case Mode.Tag:
          if (ch === 62 /* > */) {
            this.tag += chunk.slice(start, i);
            start = i + 1;
            this.mode = Mode.Text;
            this.emitTag(this.tag);
          } else if (this.tag.length + (i - start) > this.limits.tagChars) {
            throw limitErrors.tagTooLong();
          } else if (this.tag.length + (i - start) === 2 && this.tag + chunk.slice(start, i + 1) === '!--') {
            this.mode = Mode.Comment;
            this.dashes = 0;
          } else if (this.tag.length + (i - start) === 7 && this.tag + chunk.slice(start, i + 1) === '![CDATA[') {
            this.mode = Mode.Cdata;
            this.dashes = 0;
            this.run = 0;
            start = i + 1;
          } else if (this.tag.length + (i - start) === 0 && ch === 63 /* ? */) {
            this.mode = Mode.Pi;
            this.dashes = 0;
          }
          break;
        case Mode.Comment:
          if (ch === 62 && this.dashes >= 2) {
            this.mode = Mode.Text;
            start = i + 1;
          }
          this.dashes = ch === 45 /* - */ ? this.dashes + 1 : 0;
          break;
        case Mode.Pi:
          if (ch === 62 && this.dashes === 1) {
            this.mode = Mode.Text;
            start = i + 1;
          }
          this.dashes = ch === 63 ? 1 : 0;
          break;
        case Mode.Cdata:
          if (ch === 62 && this.dashes >= 2) {
            // the text before "]]>"
            const data = (this.pending + chunk.slice(start, i)).slice(0, -2);
            if (data) this.handler.text(data.replace(/&/g, '&amp;').replace(/</g, '&lt;'), data.length);
            this.pending = '';
            this.mode = Mode.Text;
            start = i + 1;
            this.dashes = 0;
            break;
          }
          this.dashes = ch === 93 /* ] */ ? this.dashes + 1 : 0;
          if (++this.run > this.limits.cellChars) throw limitErrors.cellTooLong(this.limits.cellChars);
          break;
      }
    }
    if (this.mode === Mode.Text) this.flushText(chunk, start, chunk.length);
    else if (this.mode === Mode.Tag) this.tag += chunk.slice(start);
    else if (this.mode === Mode.Cdata) this.pending += chunk.slice(start);
  }

  private flushText(chunk: string, from: number, to: number): void {
    if (to > from) this.handler.text(chunk.slice(from, to), to - from);
  }

  private emitTag(tag: string): void {
    if (tag.startsWith('/')) {
      this.handler.close(localName(tag.slice(1)));
      return;
    }
    if (tag.startsWith('!')) return; // DOCTYPE: xlsx parts have none; never expanded
    const selfClosing = tag.endsWith('/');
    this.handler.open(localName(tag), tag, selfClosing);
    if (selfClosing) this.handler.close(localName(tag));
  }
}

function localName(tag: string): string {
  let end = 0;
  while (end < tag.length) {
    const c = tag.charCodeAt(end);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 /* / */) break;
    end++;
  }
  const name = tag.slice(0, end);
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** The value of one attribute of a raw tag, entities decoded. */
export function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? decodeXml(m[2] ?? m[3] ?? '') : undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML entities and OOXML's `_xHHHH_` escapes. */
export function decodeXml(raw: string): string {
  return raw
    .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
      if (e[0] !== '#') return NAMED[e] ?? all;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
