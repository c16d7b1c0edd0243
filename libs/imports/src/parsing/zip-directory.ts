import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { ImportFileError } from '../import.errors';
import { IMPORT_LIMITS, ImportLimits, limitErrors } from './limits';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it; inflation is stopped past it. */
  size: number;
  localOffset: number;
  dataStart: number;
}

const corrupt = () => new ImportFileError('无法读取 xlsx 文件：文件已损坏或不完整，请用 Excel 打开确认后重新保存上传');

export const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
export const isSharedStrings = (name: string) => /^xl\/sharedStrings\.xml$/i.test(name);

/** The largest uncompressed size an entry may have. */
export function entryLimit(name: string, limits: ImportLimits = IMPORT_LIMITS): number {
  if (isWorksheet(name)) return limits.sheetXmlBytes;
  if (isSharedStrings(name)) return limits.sharedStringsBytes;
  return limits.otherEntryBytes;
}

/**
 * Reads the zip's central directory (no inflation) and refuses, before a byte is inflated: too many entries, an
 * entry or the total over its uncompressed limit, a compression ratio no spreadsheet has (zip bomb), and any byte
 * range not accounted for by the directory (a hidden entry a streaming unzipper would still read).
 */
export function readZipDirectory(buf: Buffer, limits: ImportLimits = IMPORT_LIMITS): ZipEntry[] {
  const eocd = findEocd(buf);
  if (eocd < 0) throw corrupt();
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50) throw corrupt();
    const z = Number(buf.readBigUInt64LE(locator + 8));
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== 0x06064b50) throw corrupt();
    count = Number(buf.readBigUInt64LE(z + 32));
    cdSize = Number(buf.readBigUInt64LE(z + 40));
    cdOffset = Number(buf.readBigUInt64LE(z + 48));
  }
  if (count > limits.entries) throw limitErrors.tooManyEntries(limits.entries);
  if (cdOffset + cdSize > buf.length) throw corrupt();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > buf.length) throw corrupt();
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64: the real values of the fields set to 0xffffffff follow in the 0x0001 extra field, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => {
          if (q + 8 > e + 4 + len) throw corrupt();
          const v = Number(buf.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    p = extraEnd + commentLen;
    if (method !== 0 && method !== 8) throw corrupt();
    if (method === 0 && size !== compressedSize) throw corrupt();
    const limit = entryLimit(name, limits);
    if (size > limit) throw limitErrors.entryTooLarge(name, limit);
    if (size > limits.ratioFloorBytes && size > compressedSize * limits.compressionRatio) {
      throw limitErrors.compressionRatio(name, limits.compressionRatio);
    }
    total += size;
    if (total > limits.totalUncompressedBytes) throw limitErrors.totalTooLarge(limits.totalUncompressedBytes);
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== 0x04034b50) throw corrupt();
    const localName = buf.readUInt16LE(localOffset + 26);
    const localExtra = buf.readUInt16LE(localOffset + 28);
    if (buf.toString('utf8', localOffset + 30, localOffset + 30 + localName) !== name) throw corrupt();
    const dataStart = localOffset + 30 + localName + localExtra;
    if (dataStart + compressedSize > cdOffset) throw corrupt();
    entries.push({ name, method, flags, compressedSize, size, localOffset, dataStart });
  }
  // The entries must tile the bytes before the directory: a streaming unzipper reads local headers in order, so
  // anything between them would be read without the checks above.
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  let prev: ZipEntry | undefined;
  for (const entry of [...sorted, undefined]) {
    const at = entry ? entry.localOffset : cdOffset;
    const gap = at - expected;
    const descriptor = prev && prev.flags & 0x08 ? [12, 16, 20, 24] : [];
    if (gap !== 0 && !descriptor.includes(gap)) throw corrupt();
    if (entry) expected = entry.dataStart + entry.compressedSize;
    prev = entry;
  }
  return sorted;
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 65535);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

/**
 * The entry's uncompressed bytes, 64 KB at a time, never more than it declared (and so never more than its
 * limit): a lying header is refused at the first byte past its declared size. Stop early by breaking the loop.
 */
export async function* inflateEntry(buf: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = buf.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 65536 });
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
    })(),
  );
  source.on('error', (err) => inflater.destroy(err));
  source.pipe(inflater);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.size) throw corrupt();
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw corrupt();
  } finally {
    source.unpipe(inflater);
    source.destroy();
    inflater.destroy();
  }
  if (total !== entry.size) throw corrupt();
}
