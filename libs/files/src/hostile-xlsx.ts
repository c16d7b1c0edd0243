import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Hand-built xlsx files for the upload limits: a minimal zip writer (local headers, central directory) fed by
 * generators, so a file with millions of rows or a 100 MB string is built by streaming deflate without ever
 * holding the uncompressed text. `declaredSize` writes a false uncompressed size into both headers.
 */
export interface ZipPart {
  name: string;
  content: string | Iterable<string>;
  declaredSize?: number;
}

async function deflatePart(content: string | Iterable<string>): Promise<{ data: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let size = 0;
  let crc = 0;
  let batch: string[] = [];
  let batchLength = 0;
  const flush = async () => {
    const buf = Buffer.from(batch.join(''), 'utf8');
    batch = [];
    batchLength = 0;
    size += buf.length;
    crc = crc32(buf, crc);
    if (!deflate.write(buf)) await new Promise((r) => deflate.once('drain', r));
  };
  for (const piece of typeof content === 'string' ? [content] : content) {
    batch.push(piece);
    batchLength += piece.length;
    if (batchLength >= 1 << 20) await flush();
  }
  await flush();
  deflate.end();
  await done;
  return { data: Buffer.concat(out), size, crc };
}

export async function zip(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, size, crc } = await deflatePart(part.content);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : 'A' + String.fromCharCode(65 + i - 26));

/** One row of inline-string cells. */
export function xmlRow(r: number, values: string[]): string {
  const cells = values.map((v, i) => `<c r="${col(i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('');
  return `<row r="${r}">${cells}</row>`;
}

/** The parts of a one-sheet workbook around the given sheet data and shared strings. */
export function workbookParts(
  sheetRows: Iterable<string>,
  sharedStrings?: { count: number; items: Iterable<string>; declaredSize?: number },
  sheetDeclaredSize?: number,
): ZipPart[] {
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      content:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      content:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      content:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="成果" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      declaredSize: sheetDeclaredSize,
      content: (function* () {
        yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
        yield* sheetRows;
        yield '</sheetData></worksheet>';
      })(),
    },
  ];
  if (sharedStrings) {
    const { count, items } = sharedStrings;
    parts.push({
      name: 'xl/sharedStrings.xml',
      declaredSize: sharedStrings.declaredSize,
      content: (function* () {
        yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`;
        for (const s of items) yield `<si><t>${s}</t></si>`;
        yield '</sst>';
      })(),
    });
  }
  return parts;
}

/** `n` copies of `piece`, yielded 1 MB at a time. */
export function* repeat(piece: string, n: number): Generator<string> {
  const per = Math.max(1, Math.floor((1 << 20) / piece.length));
  const block = piece.repeat(per);
  let left = n;
  while (left >= per) {
    yield block;
    left -= per;
  }
  if (left > 0) yield piece.repeat(left);
}
