// Draws images/icon.png (128x128): a record drawn as the layout view draws it,
// coloured member boxes with a hatched padding hole. Run once; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
function set(x, y, [r, g, b, a = 255]) { const i = (y * N + x) * 4; px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a; }
function rect(x0, y0, x1, y1, c) { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, c); }
rect(0, 0, N, N, [0x1e, 0x2a, 0x3a]);
const rows = [[[8, 30, [0x3b, 0x82, 0xf6]], [30, 120, null]], [[8, 64, [0x22, 0xc5, 0x5e]], [64, 120, [0xf9, 0x73, 0x16]]], [[8, 120, [0xa8, 0x55, 0xf7]]]];
rows.forEach((row, r) => {
  const y0 = 14 + r * 36, y1 = y0 + 28;
  for (const [x0, x1, c] of row) {
    rect(x0, y0, x1, y1, [0xee, 0xee, 0xee]);
    if (c) rect(x0 + 2, y0 + 2, x1 - 2, y1 - 2, c);
    else for (let y = y0 + 2; y < y1 - 2; y++) for (let x = x0 + 2; x < x1 - 2; x++) set(x, y, (x + y) % 8 < 2 ? [0xcc, 0xcc, 0xcc] : [0x1e, 0x2a, 0x3a]);
  }
});
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
