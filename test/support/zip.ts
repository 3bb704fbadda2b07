/**
 * A zip written by hand, byte by byte, for hostile workbooks: entries inflating to hundreds of MiB from a few
 * hundred KiB (deflated as a stream, never held inflated), declared sizes that lie, broken directories.
 */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  /** Deflated bytes, the CRC-32 and size of what they inflate to. */
  compressed: Buffer;
  crc: number;
  size: number;
  /** What the headers claim instead of `size` (a lie). */
  declaredSize?: number;
}

export const deflated = (name: string, data: Buffer | string): ZipEntry => {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return { name, compressed: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
};

/** An entry of `head`, then `chunk` repeated `times`, then `tail`, deflated as it is produced. */
export async function streamedEntry(name: string, head: string, chunk: string, times: number, tail: string): Promise<ZipEntry> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(Buffer.from(head));
  const c = Buffer.from(chunk.repeat(Math.max(1, Math.floor((1 << 20) / chunk.length))));
  const perChunk = c.length / Buffer.byteLength(chunk);
  for (let left = times; left > 0; left -= perChunk) await write(left >= perChunk ? c : Buffer.from(chunk.repeat(left)));
  await write(Buffer.from(tail));
  deflate.end();
  await done;
  return { name, compressed: Buffer.concat(out), crc, size };
}

export function writeZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.compressed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + e.compressed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

/** The entries of a real workbook (e.g. the template), inflated, to rebuild with some replaced. */
export async function workbookParts(xlsx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(xlsx);
  const out = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) out.set(name, await f.async('nodebuffer'));
  return out;
}

/** A workbook of `parts` with some entries replaced (streamed ones kept deflated as given). */
export function rebuild(parts: Map<string, Buffer>, replaced: Record<string, Buffer | string | ZipEntry> = {}): Buffer {
  const entries: ZipEntry[] = [];
  for (const [name, data] of parts) {
    const r = replaced[name];
    entries.push(r === undefined ? deflated(name, data) : typeof r === 'string' || Buffer.isBuffer(r) ? deflated(name, r) : r);
  }
  for (const [name, r] of Object.entries(replaced)) {
    if (parts.has(name)) continue;
    entries.push(typeof r === 'string' || Buffer.isBuffer(r) ? deflated(name, r) : r);
  }
  return writeZip(entries);
}
