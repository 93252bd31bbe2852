// Renders media/icon.png (128×128) from a few shapes, so the icon has a source in the repo.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128;
const px = new Uint8Array(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const red = [204, 24, 30, 255];
const white = [255, 255, 255, 255];
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const dx = x - 63.5,
      dy = y - 63.5;
    if (dx * dx + dy * dy <= 62 * 62) set(x, y, red);
  }
}
// A stylised "T" with a car roof arc.
for (let y = 30; y < 42; y++) for (let x = 30; x < 98; x++) set(x, y, white);
for (let y = 42; y < 100; y++) for (let x = 58; x < 70; x++) set(x, y, white);
for (let x = 24; x < 104; x++) {
  const t = (x - 64) / 40;
  const y = Math.round(24 - 8 * (1 - t * t));
  for (let k = 0; k < 4; k++) set(x, y + k, white);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) Buffer.from(px.subarray(y * N * 4, (y + 1) * N * 4)).copy(raw, y * (N * 4 + 1) + 1);
writeFileSync(
  new URL('../media/icon.png', import.meta.url),
  Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
);
